import "server-only";
import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { actionRequests } from "@/db/schema";
import type { Actor } from "@/lib/domain/actor";
import { canTransition, hasLapsed, type RequestStatus } from "@/lib/domain/request-status";
import { ServiceError } from "./errors";
import { toRecordedActor } from "@/lib/domain/recorded-actor";

/** Why a pending request was cancelled; recorded on its `request.cancelled` event. */
export type CancellationReason = "withdrawn-by-agent" | "agent-revoked";

/**
 * Moves one pending request, already locked by the caller, to `cancelled` and records why and by whom.
 * The one way a request is cancelled, whether its agent withdraws it or the agent is revoked, so both
 * obey the same lifecycle rules and leave the same event shape.
 */
export async function cancelPendingRequest(
  tx: Transaction,
  request: { id: string; status: RequestStatus; expiresAt: Date },
  actor: Actor,
  reason: CancellationReason,
  at: { now: Date; correlationId?: string },
): Promise<void> {
  const { now } = at;
  if (!canTransition(request.status, "cancelled")) {
    throw new ServiceError("INVALID_STATE", `The request is ${request.status}; only a pending request can be cancelled.`);
  }
  // Past its expiry it is expired, whether or not the sweep has recorded that yet.
  if (hasLapsed(request, now)) throw new ServiceError("INVALID_STATE", "The request has expired; it can no longer be cancelled.");
  await tx.update(actionRequests).set({ status: "cancelled", decidedAt: now, updatedAt: now }).where(eq(actionRequests.id, request.id));
  await appendEvents(tx, [{ type: "request.cancelled", streamType: "request", streamId: request.id, actor: toRecordedActor(actor), data: { reason } }], at);
}
