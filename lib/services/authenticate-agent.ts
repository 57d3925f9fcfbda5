import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { agents, apiKeys } from "@/db/schema";
import type { AgentActor } from "@/lib/domain/actor";
import { API_KEY_PREFIX, apiKeyMatchesHash, hashApiKey } from "./api-key";

/** Resolves a bearer key to its agent, or null for a missing, unknown or revoked key (callers answer 401 alike). */
export async function authenticateAgent(db: Database, key: string | null): Promise<AgentActor | null> {
  if (!key || !key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
  const [row] = await db
    .select({ id: agents.id, name: agents.name, ownerEmail: agents.ownerEmail, keyHash: apiKeys.keyHash })
    .from(apiKeys)
    .innerJoin(agents, eq(agents.id, apiKeys.agentId))
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt), isNull(agents.revokedAt)));
  // The index lookup already matched; the constant-time compare keeps the final check free of timing signal.
  if (!row || !apiKeyMatchesHash(key, row.keyHash)) return null;
  return { kind: "agent", id: row.id, name: row.name, ownerEmail: row.ownerEmail };
}
