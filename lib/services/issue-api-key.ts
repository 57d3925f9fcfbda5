import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { agents, apiKeys } from "@/db/schema";
import type { Actor, SystemActor, UserActor } from "@/lib/domain/actor";
import { POLICY_CHANGE_AGENT } from "@/lib/domain/policy/policy-change";
import { isUuid } from "@/lib/domain/uuid";
import { displayPrefix, generateApiKey, hashApiKey } from "./api-key";
import { ServiceError } from "./errors";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

/** Inserts a new key for an agent within the caller's transaction; returns the key, which is never stored. */
export async function insertApiKey(tx: Transaction, ctx: ServiceContext<Actor>, agentId: string): Promise<string> {
  const apiKey = generateApiKey();
  const keyId = randomUUID();
  await tx.insert(apiKeys).values({ id: keyId, agentId, keyHash: hashApiKey(apiKey), displayPrefix: displayPrefix(apiKey), createdAt: ctx.now });
  await appendEvents(
    tx,
    [{ type: "api_key.created", streamType: "agent", streamId: agentId, actor: toRecordedActor(ctx.actor), data: { keyId, displayPrefix: displayPrefix(apiKey) } }],
    { now: ctx.now, correlationId: ctx.requestId },
  );
  return apiKey;
}

export type RotatedKey = { id: string; apiKey: string };

/**
 * Replaces an active agent's keys with a new one, in one transaction: the new key works from the
 * commit on and the old ones stop at the same instant, with no overlap. A key is rotated because its
 * only copy was lost or may have leaked, and an overlap would keep a leaked key working; an agent
 * that must not miss a call is given its new key before the rotation is confirmed (README, "Agents").
 * People need the `administer` capability; operators (the CLI) and the demo seed act as the system.
 * Countersign's own policy-change agent has no key and is given none: it is not found here.
 */
export async function rotateApiKey(ctx: ServiceContext<UserActor | SystemActor>, agentId: string): Promise<RotatedKey> {
  if (ctx.actor.kind === "user") requireCapability(ctx.actor, "administer");
  if (!isUuid(agentId) || agentId === POLICY_CHANGE_AGENT.id) throw new ServiceError("NOT_FOUND", "No agent has that id.");
  return ctx.db.transaction(async (tx) => {
    const [agent] = await tx.select().from(agents).where(eq(agents.id, agentId)).for("update");
    if (!agent) throw new ServiceError("NOT_FOUND", "No agent has that id.");
    if (agent.revokedAt) throw new ServiceError("INVALID_STATE", "The agent has been revoked; create a new one.");
    const revoked = await tx
      .update(apiKeys)
      .set({ revokedAt: ctx.now })
      .where(and(eq(apiKeys.agentId, agentId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    await appendEvents(
      tx,
      [{ type: "api_key.revoked", streamType: "agent", streamId: agentId, actor: toRecordedActor(ctx.actor), data: { revokedKeyIds: revoked.map((k) => k.id), reason: "rotated" } }],
      { now: ctx.now, correlationId: ctx.requestId },
    );
    return { id: agentId, apiKey: await insertApiKey(tx, ctx, agentId) };
  });
}
