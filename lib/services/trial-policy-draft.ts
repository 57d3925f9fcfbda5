import "server-only";
import { eq, sql } from "drizzle-orm";
import { agents, users } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { maskActionRequest } from "@/lib/domain/mask-action-request";
import { evaluatePolicy, type PolicyEvaluation } from "@/lib/domain/policy/evaluate";
import { requestFacts } from "@/lib/domain/policy/facts";
import { loadCurrentPolicy } from "./load-policy";
import { getMasker } from "./masker";
import { parsePolicyDraft } from "./parse-policy-draft";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";
import { simulatePolicyDraft, type PolicyDraftSimulation } from "./simulate-policy-draft";

/** A request an administrator writes by hand to see how draft and version in force would decide it. */
export type TestRequest = { action: string; resource: string; environment: string; agent: string; parameters: unknown };

export type PolicyDraftTrial = Omit<PolicyDraftSimulation, "requests" | "results"> & {
  /** Only the requests the draft would decide differently; `summary` counts them all. */
  changed: (PolicyDraftSimulation["results"][number] & { action: string; resource: string; environment: string; createdAt: string })[];
  test: { before: PolicyEvaluation; after: PolicyEvaluation; agentKnown: boolean } | null;
};

/**
 * The console's simulation: how the draft would have decided the last `last` requests against the
 * version in force, and, when given, a hand-written request through both. The test request is masked
 * as a submission would be before the policy sees it (so the secrets signal and `when` conditions
 * read what they would in production), evaluated, and never stored.
 */
export async function trialPolicyDraft(ctx: ServiceContext<UserActor>, input: { yaml: string; last: number; test?: TestRequest }): Promise<PolicyDraftTrial> {
  requireCapability(ctx.actor, "administer");
  const draft = parsePolicyDraft(input.yaml);
  const { requests, results, ...simulation } = await simulatePolicyDraft(ctx.db, draft, input.last);
  const changed = results.filter((result) => result.changed).map((result) => ({ ...result, ...requests[result.id]!, createdAt: requests[result.id]!.createdAt.toISOString() }));
  if (!input.test) return { ...simulation, changed, test: null };

  const { agent: agentName, ...request } = input.test;
  const [agent] = await ctx.db
    .select({ id: agents.id, name: agents.name, ownerGroups: users.groups })
    .from(agents)
    .leftJoin(users, eq(sql`lower(${users.email})`, sql`lower(${agents.ownerEmail})`))
    .where(eq(agents.name, agentName.trim()))
    .limit(1);
  const { counts, ...masked } = maskActionRequest(getMasker(), { ...request, summary: "" });
  const facts = requestFacts({ ...masked, counts }, agent ? { id: agent.id, name: agent.name } : { id: "", name: agentName.trim() }, agent?.ownerGroups ?? []);
  const current = await loadCurrentPolicy(ctx.db);
  return { ...simulation, changed, test: { before: evaluatePolicy(current.compiled, facts), after: evaluatePolicy(draft, facts), agentKnown: Boolean(agent) } };
}
