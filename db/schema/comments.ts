import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { actionRequests } from "./action-requests";

export const comments = pgTable(
  "comments",
  {
    id: uuid().primaryKey(),
    requestId: uuid()
      .notNull()
      .references(() => actionRequests.id),
    authorId: text().notNull(),
    authorName: text(),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    /** The comment that starts the thread this one replies to (threads are one level deep). */
    replyTo: uuid(),
    /** A question marked answered: when, and by whom. */
    resolvedAt: timestamp({ withTimezone: true, mode: "date" }),
    resolvedBy: text(),
  },
  (t) => [index().on(t.requestId, t.createdAt)],
);
