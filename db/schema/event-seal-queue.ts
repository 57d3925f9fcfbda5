import { bigint, pgTable } from "drizzle-orm/pg-core";
import { events } from "./events";

/**
 * Events not yet sealed into the chain. A trigger on `events` adds every new row; the sealer takes
 * rows off as it chains them. Sealing thus costs in proportion to what is new, not to the log's size.
 */
export const eventSealQueue = pgTable("event_seal_queue", {
  eventId: bigint({ mode: "number" })
    .primaryKey()
    .references(() => events.id),
});
