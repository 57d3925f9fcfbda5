import "server-only";
import { and, eq, lte } from "drizzle-orm";
import { actionRequests, agents } from "@/db/schema";
import type { SystemActor } from "@/lib/domain/actor";
import { executeRequestCommand } from "./execute-request-command";
import { loadRequestStates } from "./load-request-for-update";
import type { ServiceContext } from "./service-context";

/**
 * Moves pending requests past their expiry to `expired`, each through the decider. SKIP LOCKED lets any
 * number of workers sweep at once without waiting on each other or on a reviewer who is deciding the
 * same row right now. One call is one correlation id for the whole batch.
 */
export async function expirePendingRequests(ctx: ServiceContext<SystemActor>, batchSize = 500): Promise<number> {
  const { now } = ctx;
  return ctx.db.transaction(async (tx) => {
    const due = await tx
      .select({ id: actionRequests.id, ownerEmail: agents.ownerEmail, revokedAt: agents.revokedAt })
      .from(actionRequests)
      .innerJoin(agents, eq(agents.id, actionRequests.agentId))
      .where(and(eq(actionRequests.status, "pending"), lte(actionRequests.expiresAt, now)))
      .limit(batchSize)
      .for("update", { of: actionRequests, skipLocked: true });
    if (due.length === 0) return 0;
    const stateOf = await loadRequestStates(tx, due.map((r) => r.id));
    for (const { id, ownerEmail, revokedAt } of due) {
      await executeRequestCommand(tx, ctx, { state: stateOf(id), agent: { ownerEmail, revokedAt } }, { type: "ExpireRequest", actor: ctx.actor });
    }
    return due.length;
  });
}
