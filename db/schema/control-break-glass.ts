import { bigint, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Each break-glass approval and when its follow-up review closed (null while open): a period whose
 * end comes before `closedAt` counts it as an exception, as the pack's end-of-period test does.
 */
export const controlBreakGlass = pgTable(
  "control_break_glass",
  {
    requestId: text().primaryKey(),
    seq: bigint({ mode: "number" }).notNull(),
    approvedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    requestCreatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    actor: text().notNull(),
    confirmations: integer().notNull().default(0),
    closedAt: timestamp({ withTimezone: true, mode: "date" }),
  },
  (t) => [index().on(t.approvedAt)],
);
