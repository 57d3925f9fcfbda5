import { date, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/**
 * How many items of each test's population, and how many exceptions, the log holds per UTC day of the
 * event and day the request was created (a pack over a period counts only requests created in it):
 * the overview sums a few hundred rows for a period instead of walking the log.
 */
export const controlTallies = pgTable(
  "control_tallies",
  {
    check: text().notNull(),
    eventDay: date({ mode: "string" }).notNull(),
    createdDay: date({ mode: "string" }).notNull(),
    population: integer().notNull().default(0),
    exceptions: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.eventDay, t.createdDay, t.check] })],
);
