import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { agents, apiKeys } from "@/db/schema";
import type { Actor } from "@/lib/domain/actor";
import { displayPrefix, generateApiKey, hashApiKey } from "./api-key";
import { ServiceError } from "./errors";
import { toRecordedActor } from "@/lib/domain/recorded-actor";

/** Inserts a new key for an agent within the caller's transaction; returns the key, which is never stored. */
export async function insertApiKey(tx: Transaction, actor: Actor, agentId: string, now: Date): Promise<string> {
  const apiKey = generateApiKey();
  const keyId = randomUUID();
  await tx.insert(apiKeys).values({ id: keyId, agentId, keyHash: hashApiKey(apiKey), displayPrefix: displayPrefix(apiKey), createdAt: now });
  await appendEvents(
    tx,
    [{ type: "api_key.created", streamType: "agent", streamId: agentId, actor: toRecordedActor(actor), data: { keyId, displayPrefix: displayPrefix(apiKey) } }],
    { now },
  );
  return apiKey;
}

/**
 * Replaces an active agent's keys with a new one, in one transaction: for when the only copy of a
 * key was lost, and so must be assumed to be somewhere it should not be.
 */
export async function rotateApiKey(db: Database, actor: Actor, agentId: string): Promise<string> {
  const now = new Date();
  return db.transaction(async (tx) => {
    const [agent] = await tx.select().from(agents).where(eq(agents.id, agentId)).for("update");
    if (!agent) throw new ServiceError("NOT_FOUND", "No agent has that id.");
    if (agent.revokedAt) throw new ServiceError("INVALID_STATE", "The agent has been revoked; create a new one.");
    const revoked = await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.agentId, agentId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    await appendEvents(
      tx,
      [{ type: "api_key.revoked", streamType: "agent", streamId: agentId, actor: toRecordedActor(actor), data: { revokedKeyIds: revoked.map((k) => k.id), reason: "rotated" } }],
      { now },
    );
    return insertApiKey(tx, actor, agentId, now);
  });
}
