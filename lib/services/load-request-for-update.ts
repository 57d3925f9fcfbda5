import "server-only";
import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { actionRequests, agents } from "@/db/schema";
import { isUuid } from "@/lib/domain/uuid";
import { ServiceError } from "./errors";

/**
 * Locks a request row for the rest of the transaction, so concurrent commands on it serialise. A
 * request that does not exist, or (with `ownedBy`) belongs to another agent, is NOT_FOUND alike:
 * ids reveal nothing to those who may not see them. The agent row is read, not locked: revocation
 * locks the agent and then its pending requests, so locking here in the other order could deadlock;
 * and a revocation still in flight waits for this lock before it settles the request.
 */
export async function loadRequestForUpdate(tx: Transaction, requestId: string, options: { ownedBy?: string } = {}) {
  const [row] = isUuid(requestId)
    ? await tx
        .select({ request: actionRequests, agentOwnerEmail: agents.ownerEmail, agentRevokedAt: agents.revokedAt, agentName: agents.name })
        .from(actionRequests)
        .innerJoin(agents, eq(agents.id, actionRequests.agentId))
        .where(eq(actionRequests.id, requestId))
        .for("update", { of: actionRequests })
    : [];
  if (!row || (options.ownedBy !== undefined && row.request.agentId !== options.ownedBy)) {
    throw new ServiceError("NOT_FOUND", options.ownedBy ? "No request of yours has that id." : "No request has that id.");
  }
  return row;
}
