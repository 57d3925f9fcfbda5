import { integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Tables for Auth.js's database sessions (@auth/drizzle-adapter's shape). `groups` is ours: the IdP's
 * groups claim at the person's last sign-in, from which console roles are derived.
 */
export const users = pgTable("users", {
  id: text().primaryKey(),
  name: text(),
  email: text().unique(),
  emailVerified: timestamp({ withTimezone: true, mode: "date" }),
  image: text(),
  groups: jsonb().$type<string[]>().notNull().default([]),
});

/** Linked IdP accounts. Token columns exist for the adapter's shape but are always stored empty. */
export const accounts = pgTable(
  "accounts",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text().notNull(),
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    refresh_token: text(),
    access_token: text(),
    expires_at: integer(),
    token_type: text(),
    scope: text(),
    id_token: text(),
    session_state: text(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

/**
 * Console sessions. `authTime`, `amr` and `acr` are ours: what the IdP's ID token said, at the sign-in
 * that this session last went through, about when and how the person proved who they are (a step-up
 * sign-in updates them). Null or empty: the IdP did not say, which no step-up requirement accepts.
 */
export const sessions = pgTable("sessions", {
  sessionToken: text().primaryKey(),
  userId: text()
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  authTime: timestamp({ withTimezone: true, mode: "date" }),
  amr: jsonb().$type<string[]>().notNull().default([]),
  acr: text(),
});

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text().notNull(),
    token: text().notNull(),
    expires: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);
