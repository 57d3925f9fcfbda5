import "server-only";
import type { events } from "@/db/schema";
import type { HashableEvent } from "@/lib/domain/event-chain";

/** The stored row in the exact form that is hashed, exported and verified offline. */
export function toHashableEvent(row: typeof events.$inferSelect): HashableEvent {
  return {
    id: row.id,
    type: row.type,
    streamType: row.streamType,
    streamId: row.streamId,
    actor: row.actor,
    data: row.data,
    correlationId: row.correlationId,
    occurredAt: row.occurredAt.toISOString(),
  };
}
