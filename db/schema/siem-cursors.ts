import { bigint, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** The last seq each SIEM sink took: the stream resumes after it, so a receiver's outage leaves no gap. */
export const siemCursors = pgTable("siem_cursors", {
  sink: text().primaryKey(),
  lastSeq: bigint({ mode: "number" }).notNull().default(0),
  updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
