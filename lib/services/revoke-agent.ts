import "server-only";
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { actionRequests, agents, apiKeys } from "@/db/schema";
import { POLICY_CHANGE_AGENT } from "@/lib/domain/policy/policy-change";
import { isUuid } from "@/lib/domain/uuid";
import { ServiceError } from "./errors";
import { executeRequestCommand } from "./execute-request-command";
import { loadRequestStates } from "./load-request-for-update";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";
import { toRecordedActor } from "@/lib/domain/recorded-actor";

export type RevokedAgent = { id: string; revokedKeys: number; cancelledRequests: number };

/**
 * Revokes every key of an agent and cancels its pending requests; from the commit on, calls with its
 * keys get 401 and nothing it asked for can be approved. People need the `administer` capability.
 */
export async function revokeAgent(ctx: ServiceContext, agentId: string): Promise<RevokedAgent> {
  if (ctx.actor.kind === "user") requireCapability(ctx.actor, "administer");
  // Countersign's own policy-change agent is not one to revoke: policy changes could no longer be proposed.
  if (!isUuid(agentId) || agentId === POLICY_CHANGE_AGENT.id) throw new ServiceError("NOT_FOUND", "No agent has that id.");
  return ctx.db.transaction(async (tx) => {
    const [agent] = await tx.select().from(agents).where(eq(agents.id, agentId)).for("update");
    if (!agent) throw new ServiceError("NOT_FOUND", "No agent has that id.");
    return revokeLockedAgent(tx, ctx, agent, "agent");
  });
}

/**
 * Revokes an agent whose row the caller has locked FOR UPDATE, in the caller's transaction. Lock order
 * is agent, then its requests: submissions lock the agent first too, so none can slip a new pending
 * request in; a decision holding a request's lock finishes first (its grant predates the revocation)
 * and the request is no longer pending when this reaches it.
 */
export async function revokeLockedAgent(
  tx: Transaction,
  ctx: ServiceContext,
  agent: { id: string; ownerEmail: string; revokedAt: Date | null },
  scope: "agent" | "owner",
): Promise<RevokedAgent> {
  const { now, actor } = ctx;
  const revoked = await tx
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.agentId, agent.id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (!agent.revokedAt) await tx.update(agents).set({ revokedAt: now }).where(eq(agents.id, agent.id));
  // Lapsed requests are left to the expiry sweep: they are expired, not cancelled.
  const pending = await tx
    .select({ id: actionRequests.id })
    .from(actionRequests)
    .where(and(eq(actionRequests.agentId, agent.id), eq(actionRequests.status, "pending"), gt(actionRequests.expiresAt, now)))
    .orderBy(asc(actionRequests.id))
    .for("update");
  await appendEvents(
    tx,
    [
      {
        type: "agent.revoked",
        streamType: "agent",
        streamId: agent.id,
        actor: toRecordedActor(actor),
        data: { scope, revokedKeyIds: revoked.map((k) => k.id), cancelledRequestIds: pending.map((r) => r.id) },
      },
    ],
    { now, correlationId: ctx.requestId },
  );
  const stateOf = await loadRequestStates(tx, pending.map((r) => r.id));
  const revokedAgent = { ownerEmail: agent.ownerEmail, revokedAt: now };
  for (const request of pending) {
    await executeRequestCommand(tx, ctx, { state: stateOf(request.id), agent: revokedAgent }, { type: "CancelRequest", actor, data: { reason: "agent-revoked" } });
  }
  return { id: agent.id, revokedKeys: revoked.length, cancelledRequests: pending.length };
}
