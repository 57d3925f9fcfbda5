import "server-only";
import { desc, eq, max, ne, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { agents, apiKeys } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { POLICY_CHANGE_AGENT } from "@/lib/domain/policy/policy-change";
import { requireCapability } from "./require-capability";

export type AgentSummary = {
  id: string;
  name: string;
  owner: string;
  status: "active" | "revoked";
  createdAt: string;
  revokedAt: string | null;
  /** The first characters of the key in force (null once revoked): enough to tell keys apart, never enough to use one. */
  keyPrefix: string | null;
  /** The latest call any of its keys authenticated, to within a minute; null if none ever did. */
  lastUsedAt: string | null;
};

/**
 * Every agent, newest first, for administrators. Countersign's own policy-change agent is left out:
 * it has no key and is nobody's to rotate or revoke.
 */
export async function listAgents(db: Executor, actor: UserActor): Promise<AgentSummary[]> {
  requireCapability(actor, "administer");
  const rows = await db
    .select({
      agent: agents,
      keyPrefix: sql<string | null>`(array_agg(${apiKeys.displayPrefix} order by ${apiKeys.createdAt} desc) filter (where ${apiKeys.revokedAt} is null))[1]`,
      lastUsedAt: max(apiKeys.lastUsedAt),
    })
    .from(agents)
    .leftJoin(apiKeys, eq(apiKeys.agentId, agents.id))
    .where(ne(agents.id, POLICY_CHANGE_AGENT.id))
    .groupBy(agents.id)
    .orderBy(desc(agents.createdAt), desc(agents.id));
  return rows.map(({ agent, keyPrefix, lastUsedAt }) => ({
    id: agent.id,
    name: agent.name,
    owner: agent.ownerEmail,
    status: agent.revokedAt ? "revoked" : "active",
    createdAt: agent.createdAt.toISOString(),
    revokedAt: agent.revokedAt?.toISOString() ?? null,
    keyPrefix: agent.revokedAt ? null : keyPrefix,
    lastUsedAt: lastUsedAt?.toISOString() ?? null,
  }));
}
