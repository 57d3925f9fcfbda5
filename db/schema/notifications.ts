import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { actionRequests } from "./action-requests";

/**
 * The console's inbox, projected from `comment.added`: one row per person a comment mentions or
 * replies to. `readAt` is the person's own mark, not an event: a replay rebuilds the rows unread.
 */
export const notifications = pgTable(
  "notifications",
  {
    recipient: text().notNull(),
    commentId: uuid().notNull(),
    requestId: uuid()
      .notNull()
      .references(() => actionRequests.id),
    kind: text().$type<"mention" | "reply">().notNull(),
    actorId: text().notNull(),
    actorName: text(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    readAt: timestamp({ withTimezone: true, mode: "date" }),
  },
  (t) => [primaryKey({ columns: [t.recipient, t.commentId] }), index().on(t.recipient, t.createdAt)],
);
