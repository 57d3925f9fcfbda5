import { bigint, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { actionRequests } from "./action-requests";

/**
 * When each person last looked at a request, as the newest event they had seen: what "since you last
 * looked" compares against. Reading is not an audit event, so this is a read-side table only.
 */
export const requestViews = pgTable(
  "request_views",
  {
    userId: text().notNull(),
    requestId: uuid()
      .notNull()
      .references(() => actionRequests.id),
    lastEventId: bigint({ mode: "number" }).notNull(),
    viewedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.requestId] })],
);
