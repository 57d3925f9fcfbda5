import { bigint, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** The last seq each consumer of the sealed stream took (each SIEM sink; the control results, row `control results`): it resumes after it, so an outage leaves no gap. */
export const siemCursors = pgTable("siem_cursors", {
  sink: text().primaryKey(),
  lastSeq: bigint({ mode: "number" }).notNull().default(0),
  updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
