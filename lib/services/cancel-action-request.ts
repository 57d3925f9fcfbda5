import "server-only";
import type { Database } from "@/db/client";
import type { AgentActor } from "@/lib/domain/actor";
import { cancelPendingRequest } from "./cancel-pending-request";
import { loadRequestForUpdate } from "./load-request-for-update";

/** The requesting agent withdraws its own pending request. */
export async function cancelActionRequest(db: Database, agent: AgentActor, requestId: string): Promise<void> {
  const now = new Date();
  await db.transaction(async (tx) => {
    const { request } = await loadRequestForUpdate(tx, requestId, { ownedBy: agent.id });
    await cancelPendingRequest(tx, request, agent, "withdrawn-by-agent", { now });
  });
}
