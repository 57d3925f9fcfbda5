import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { agents } from "./agents";

/** Agent API keys. Only the SHA-256 of a key is kept; the key itself is shown once, at creation. */
export const apiKeys = pgTable("api_keys", {
  id: uuid().primaryKey(),
  agentId: uuid()
    .notNull()
    .references(() => agents.id),
  keyHash: text().notNull().unique(),
  /** The first characters of the key, enough to recognise it in a list without revealing it. */
  displayPrefix: text().notNull(),
  createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  revokedAt: timestamp({ withTimezone: true, mode: "date" }),
  /**
   * When the key last authenticated a call, to within a minute: written at most once a minute per key
   * (authenticateAgent), so a busy agent does not pay a write on every request.
   */
  lastUsedAt: timestamp({ withTimezone: true, mode: "date" }),
});
