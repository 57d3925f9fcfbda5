import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import { actionRequests, agents, policies } from "@/db/schema";
import type { SystemActor } from "@/lib/domain/actor";
import { ServiceError } from "./errors";
import { executeRequestCommand } from "./execute-request-command";
import { loadRequestStates } from "./load-request-for-update";
import { readSealingStall } from "./read-sealing-stall";
import type { ServiceContext } from "./service-context";

/**
 * Approves the high-risk automatic approvals that were held while sealing had stalled, once it has
 * recovered: the agent waiting on its request gets the grant it would have had. Nothing is released
 * while sealing is still stalled or approvals are frozen (the decider refuses, and the request keeps
 * waiting until it expires). SKIP LOCKED, like the expiry sweep, so workers share the work.
 */
export async function releaseHeldApprovals(ctx: ServiceContext<SystemActor>, batchSize = 100): Promise<number> {
  const { now } = ctx;
  if (await readSealingStall(ctx.db, now)) return 0;
  return ctx.db.transaction(async (tx) => {
    const held = await tx
      .select({ id: actionRequests.id, ownerEmail: agents.ownerEmail, revokedAt: agents.revokedAt, policyName: policies.name })
      .from(actionRequests)
      .innerJoin(agents, eq(agents.id, actionRequests.agentId))
      .innerJoin(policies, and(eq(policies.id, actionRequests.policyId), eq(policies.version, actionRequests.policyVersion)))
      .where(and(eq(actionRequests.status, "pending"), sql`${actionRequests.policyEvaluation}->>'outcome' = 'auto-approve'`, gt(actionRequests.expiresAt, now)))
      .limit(batchSize)
      .for("update", { of: actionRequests, skipLocked: true });
    if (held.length === 0) return 0;
    const stateOf = await loadRequestStates(tx, held.map((r) => r.id));
    let released = 0;
    for (const { id, ownerEmail, revokedAt, policyName } of held) {
      try {
        await executeRequestCommand(tx, ctx, { state: stateOf(id), agent: { ownerEmail, revokedAt } }, {
          type: "ReleaseHeldApproval",
          actor: ctx.actor,
          data: { policyName, decisionId: randomUUID(), grantId: randomUUID() },
        });
        released += 1;
      } catch (error) {
        // Refused before anything was written (a freeze, a revoked agent): it keeps waiting.
        if (!(error instanceof ServiceError)) throw error;
      }
    }
    return released;
  });
}
