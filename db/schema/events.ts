import type { RecordedActor as EventActor } from "@/lib/domain/recorded-actor";
import { bigserial, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The append-only event log: the source of truth and the audit trail. Rows are inserted in the same
 * transaction as the read-model change they describe and never updated (triggers refuse it); the
 * sealer chains them afterwards in `event_chain`. Every value here is already masked.
 */
export const events = pgTable(
  "events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    type: text().notNull(),
    streamType: text().notNull(),
    streamId: text().notNull(),
    actor: jsonb().$type<EventActor>().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    /** The id of the call that caused the event (an HTTP request's x-request-id, or one the worker or CLI made): logs and events join on it. */
    correlationId: text().notNull(),
    occurredAt: timestamp({ withTimezone: true, mode: "date", precision: 3 }).notNull(),
  },
  (t) => [index().on(t.streamType, t.streamId), index().on(t.occurredAt), index().on(t.type)],
);

/** The actor as an event records it; the shape is the domain's, so events and read models agree. */
export type { EventActor };
