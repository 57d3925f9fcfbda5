import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { actionRequests, agents, events } from "@/db/schema";
import { evolve, type DecideContext, type RequestState } from "@/lib/domain/request/request-decider";
import { parseRequestEvent } from "@/lib/domain/request/request-events";
import { isUuid } from "@/lib/domain/uuid";
import { ServiceError } from "./errors";

/**
 * Locks a request row for the rest of the transaction, so concurrent commands on it serialise, and
 * folds its events into the decider's state. A request that does not exist, or (with `ownedBy`)
 * belongs to another agent, is NOT_FOUND alike: ids reveal nothing to those who may not see them. The
 * agent row is read, not locked: revocation locks the agent and then its pending requests, so locking
 * here in the other order could deadlock; and a revocation still in flight waits for this lock before
 * it settles the request.
 */
export async function loadRequestForUpdate(
  tx: Transaction,
  requestId: string,
  options: { ownedBy?: string } = {},
): Promise<{ state: RequestState; agent: DecideContext["agent"] }> {
  const [row] = isUuid(requestId)
    ? await tx
        .select({ agentId: actionRequests.agentId, ownerEmail: agents.ownerEmail, revokedAt: agents.revokedAt })
        .from(actionRequests)
        .innerJoin(agents, eq(agents.id, actionRequests.agentId))
        .where(eq(actionRequests.id, requestId))
        .for("update", { of: actionRequests })
    : [];
  if (!row || (options.ownedBy !== undefined && row.agentId !== options.ownedBy)) {
    throw new ServiceError("NOT_FOUND", options.ownedBy ? "No request of yours has that id." : "No request has that id.");
  }
  const stateOf = await loadRequestStates(tx, [requestId]);
  return { state: stateOf(requestId), agent: { ownerEmail: row.ownerEmail, revokedAt: row.revokedAt } };
}

/**
 * The decider's state of each request, folded from its stream of events (callers hold the rows'
 * locks), as a lookup that throws for a request without events: a read-model row with no log behind it.
 */
export async function loadRequestStates(tx: Transaction, requestIds: string[]): Promise<(requestId: string) => RequestState> {
  const states = new Map<string, RequestState>();
  const stateOf = (requestId: string) => {
    const state = states.get(requestId);
    if (!state) throw new Error(`request ${requestId} has a row but no events`);
    return state;
  };
  if (requestIds.length === 0) return stateOf;
  const rows = await tx
    .select()
    .from(events)
    .where(and(eq(events.streamType, "request"), inArray(events.streamId, requestIds)))
    .orderBy(asc(events.id));
  for (const row of rows) {
    const event = parseRequestEvent(row);
    states.set(event.requestId, evolve(states.get(event.requestId) ?? null, event));
  }
  return stateOf;
}
