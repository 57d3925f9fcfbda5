import { index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/** Inbound chat requests already taken (by signature or activity id): a second one is a replay, refused. */
export const chatReplays = pgTable(
  "chat_replays",
  {
    provider: text().notNull(),
    key: text().notNull(),
    seenAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.key] }), index("chat_replays_seen_idx").on(t.seenAt)],
);
