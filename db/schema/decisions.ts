import { pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { actionRequests } from "./action-requests";

/** One row per person per request: the unique key is what makes an approver count once. */
export const decisions = pgTable(
  "decisions",
  {
    id: uuid().primaryKey(),
    requestId: uuid()
      .notNull()
      .references(() => actionRequests.id),
    deciderKind: text().$type<"user" | "policy" | "system">().notNull(),
    deciderId: text().notNull(),
    deciderName: text(),
    outcome: text().$type<"approve" | "reject">().notNull(),
    reason: text(),
    decidedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [unique().on(t.requestId, t.deciderId)],
);
