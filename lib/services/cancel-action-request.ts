import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { actionRequests } from "@/db/schema";
import type { AgentActor } from "@/lib/domain/actor";
import { canTransition, hasLapsed } from "@/lib/domain/request-status";
import { ServiceError } from "./errors";
import { toEventActor } from "./event-actor";
import { loadRequestForUpdate } from "./load-request-for-update";

/** The requesting agent withdraws its own pending request. */
export async function cancelActionRequest(db: Database, agent: AgentActor, requestId: string): Promise<void> {
  const now = new Date();
  await db.transaction(async (tx) => {
    const { request } = await loadRequestForUpdate(tx, requestId, { ownedBy: agent.id });
    if (!canTransition(request.status, "cancelled")) {
      throw new ServiceError("INVALID_STATE", `The request is ${request.status}; only a pending request can be cancelled.`);
    }
    // Past its expiry it is expired, whether or not the sweep has recorded that yet.
    if (hasLapsed(request, now)) throw new ServiceError("INVALID_STATE", "The request has expired; it can no longer be cancelled.");
    await tx.update(actionRequests).set({ status: "cancelled", decidedAt: now, updatedAt: now }).where(eq(actionRequests.id, requestId));
    await appendEvents(tx, [{ type: "request.cancelled", streamType: "request", streamId: requestId, actor: toEventActor(agent), data: {} }], { now });
  });
}
