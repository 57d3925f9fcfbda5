import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Approval policies, versioned: a request records the exact version that governed it. */
export const policies = pgTable(
  "policies",
  {
    id: uuid().notNull(),
    version: integer().notNull(),
    name: text().notNull(),
    requiredApprovals: integer().notNull(),
    approverGroups: jsonb().$type<string[]>().notNull(),
    ttlSeconds: integer().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.id, t.version] })],
);
