import { sql } from "drizzle-orm";
import { boolean, index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
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
    /** An approval made alone under the rule's break-glass, which settles the request at once. */
    breakGlass: boolean().notNull().default(false),
    decidedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    unique().on(t.requestId, t.deciderId),
    // The queue's "I approved" and "not yet decided by me", which compare emails as canDecide does.
    index("decisions_decider_email_index").on(sql`lower(btrim(${t.deciderId}))`, t.requestId),
  ],
);
