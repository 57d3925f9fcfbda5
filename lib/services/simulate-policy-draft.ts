import "server-only";
import { desc, eq, ne, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { actionRequests, agents, users } from "@/db/schema";
import type { PolicyDocument } from "@/lib/domain/policy/document";
import { requestFacts } from "@/lib/domain/policy/facts";
import { POLICY_CHANGE_AGENT } from "@/lib/domain/policy/policy-change";
import { simulatePolicy, type SimulationResult } from "@/lib/domain/policy/simulate";
import { loadCurrentPolicy } from "./load-policy";

export type PolicyDraftSimulation = SimulationResult & {
  current: { version: number; name: string };
  requests: Record<string, { action: string; resource: string; environment: string; createdAt: Date }>;
};

/**
 * How the draft would have decided the last `last` requests, against the version in force, from the
 * stored (masked) requests and their owners' groups as last seen at sign-in, as submission sees them.
 * Policy changes are left out: they are decided by the administrators' rule, never by the document.
 */
export async function simulatePolicyDraft(db: Executor, draft: PolicyDocument, last: number): Promise<PolicyDraftSimulation> {
  const current = await loadCurrentPolicy(db);
  const rows = await db
    .select({ request: actionRequests, agentName: agents.name, ownerGroups: users.groups })
    .from(actionRequests)
    .innerJoin(agents, eq(agents.id, actionRequests.agentId))
    .leftJoin(users, eq(sql`lower(${users.email})`, sql`lower(${agents.ownerEmail})`))
    .where(ne(actionRequests.agentId, POLICY_CHANGE_AGENT.id))
    .orderBy(desc(actionRequests.createdAt), desc(actionRequests.id))
    .limit(last);
  const facts = rows.map(({ request, agentName, ownerGroups }) => ({
    id: request.id,
    ...requestFacts({ ...request, counts: request.masking }, { id: request.agentId, name: agentName }, ownerGroups ?? []),
  }));
  return {
    ...simulatePolicy(draft, current.compiled, facts),
    current: { version: current.version, name: current.name },
    requests: Object.fromEntries(rows.map(({ request: r }) => [r.id, { action: r.action, resource: r.resource, environment: r.environment, createdAt: r.createdAt }])),
  };
}
