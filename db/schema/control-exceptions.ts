import { bigint, index, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";

/**
 * Every exception the control tests found as events were sealed, as the pack's exceptions.csv has it
 * (check, subject, seq, time, actor, detail), with the request's creation time for the period filter.
 * An open break-glass follow-up is not here: it is an exception only at a period's end (control_break_glass).
 */
export const controlExceptions = pgTable(
  "control_exceptions",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    check: text().notNull(),
    subject: text().notNull(),
    seq: bigint({ mode: "number" }).notNull(),
    occurredAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    subjectCreatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    actor: text().notNull(),
    detail: text().notNull(),
  },
  (t) => [unique().on(t.seq, t.check, t.subject), index().on(t.occurredAt)],
);
