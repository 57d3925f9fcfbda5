import { bigint, boolean, pgTable, text, timestamp } from "drizzle-orm/pg-core";
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
  /**
   * Set by the sealer when the event claims to have occurred before the last checkpoint published
   * before it was sealed (beyond LOG_BACKDATE_SKEW_SECONDS): whoever inserted it wrote a time the
   * published log already contradicts. Outside the hashes: a flag, not evidence.
   */
  backdated: boolean().notNull().default(false),
});
