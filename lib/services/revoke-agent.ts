import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { agents, apiKeys } from "@/db/schema";
import type { Actor } from "@/lib/domain/actor";
import { isUuid } from "@/lib/domain/uuid";
import { ServiceError } from "./errors";
import { toEventActor } from "./event-actor";

/** Revokes every key of an agent; from the commit on, calls with them get 401. */
export async function revokeAgent(db: Database, actor: Actor, agentId: string): Promise<{ id: string; revokedKeys: number }> {
  const now = new Date();
  if (!isUuid(agentId)) throw new ServiceError("NOT_FOUND", "No agent has that id.");
  return db.transaction(async (tx) => {
    const [agent] = await tx.select().from(agents).where(eq(agents.id, agentId)).for("update");
    if (!agent) throw new ServiceError("NOT_FOUND", "No agent has that id.");
    const revoked = await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.agentId, agentId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (!agent.revokedAt) await tx.update(agents).set({ revokedAt: now }).where(eq(agents.id, agentId));
    await appendEvents(
      tx,
      [{ type: "agent.revoked", streamType: "agent", streamId: agentId, actor: toEventActor(actor), data: { revokedKeyIds: revoked.map((k) => k.id) } }],
      { now },
    );
    return { id: agentId, revokedKeys: revoked.length };
  });
}
