import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { actionRequests } from "./action-requests";

/** The signed grant issued when a request reaches quorum, and the execution report made with it. */
export const grants = pgTable("grants", {
  id: uuid().primaryKey(),
  requestId: uuid()
    .notNull()
    .unique()
    .references(() => actionRequests.id),
  jws: text().notNull(),
  expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  issuedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  executionOutcome: text().$type<"succeeded" | "failed">(),
  executionDetail: text(),
  executedAt: timestamp({ withTimezone: true, mode: "date" }),
});
