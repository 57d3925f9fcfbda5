import "server-only";
import { and, eq, isNull, lte, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { agents, apiKeys } from "@/db/schema";
import type { AgentActor } from "@/lib/domain/actor";
import { API_KEY_PREFIX, apiKeyMatchesHash, hashApiKey } from "./api-key";

/** "Last used" is kept to within this: a key's row is written at most once per interval, not per call. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** Resolves a bearer key to its agent, or null for a missing, unknown or revoked key (callers answer 401 alike). */
export async function authenticateAgent(db: Database, key: string | null, now = new Date()): Promise<AgentActor | null> {
  if (!key || !key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
  const [row] = await db
    .select({ id: agents.id, name: agents.name, ownerEmail: agents.ownerEmail, keyId: apiKeys.id, keyHash: apiKeys.keyHash, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .innerJoin(agents, eq(agents.id, apiKeys.agentId))
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt), isNull(agents.revokedAt)));
  // The index lookup already matched; the constant-time compare keeps the final check free of timing signal.
  if (!row || !apiKeyMatchesHash(key, row.keyHash)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) await recordUse(db, row.keyId, now);
  return { kind: "agent", id: row.id, name: row.name, ownerEmail: row.ownerEmail };
}

/**
 * Moves the key's "last used" on, unless a concurrent call (another replica) already did within the
 * interval: the condition makes simultaneous first calls of a minute write once between them.
 */
async function recordUse(db: Database, keyId: string, now: Date): Promise<void> {
  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, keyId), or(isNull(apiKeys.lastUsedAt), lte(apiKeys.lastUsedAt, stale))));
}
