import { bigint, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { events } from "./events";

/**
 * The hash chain over `events`, written by the sealer only. `seq` is dense and gap-free in the order
 * events were sealed; `chainHash = sha256(prevHash || eventHash)`. Append-only, like `events`.
 */
export const eventChain = pgTable("event_chain", {
  seq: bigint({ mode: "number" }).primaryKey(),
  eventId: bigint({ mode: "number" })
    .notNull()
    .unique()
    .references(() => events.id),
  eventHash: text().notNull(),
  prevHash: text().notNull(),
  chainHash: text().notNull(),
  sealedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
