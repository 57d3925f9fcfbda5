import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * What the control tests keep about a request between events (lib/domain/evidence-pack/controls,
 * `RequestFacts`): written by the materialiser, one row per request whose tests are still open
 * (and per break-glass request, whose follow-up may close later). `createdAt` is when the request was
 * created, which decides the period whose populations it belongs to.
 */
export const controlRequestFacts = pgTable("control_request_facts", {
  requestId: text().primaryKey(),
  createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  facts: jsonb().notNull(),
});
