import "server-only";
import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { actionRequests, agents } from "@/db/schema";

/** Locks a request row for the rest of the transaction, so concurrent decisions serialise on it. */
export async function loadRequestForUpdate(tx: Transaction, requestId: string) {
  const [row] = await tx
    .select({ request: actionRequests, agentOwnerEmail: agents.ownerEmail, agentName: agents.name })
    .from(actionRequests)
    .innerJoin(agents, eq(agents.id, actionRequests.agentId))
    .where(eq(actionRequests.id, requestId))
    .for("update", { of: actionRequests });
  return row ?? null;
}
