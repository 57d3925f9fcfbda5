import "server-only";
import { and, arrayOverlaps, eq, gte, ilike, inArray, isNotNull, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { actionRequests, agents, decisions } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { QUEUE_AGES, type QueueFilter, type QueueSearch } from "@/lib/domain/queue-search";
import { riskRank, type RiskLevel } from "@/lib/domain/request/assess-risk";
import { REQUEST_STATUSES, type RequestStatus } from "@/lib/domain/request-status";
import { readFreeze } from "./freeze-approvals";

/** What the queue's page and its counts filter on: each tab's condition and the search's, built once per call. */
export type QueueConditions = { tabs: Record<QueueFilter, SQL | undefined>; narrowed: SQL[] };

const r = actionRequests;
const DECIDED: RequestStatus[] = REQUEST_STATUSES.filter((s) => s !== "pending");

/** Looks up what the conditions need from outside action_requests (the freeze, a few agent ids), then builds them. */
export async function queueConditions(db: Executor, actor: UserActor, search: QueueSearch, now: Date): Promise<QueueConditions> {
  const [frozen, agentIds, namedAgent, notMine] = await Promise.all([
    readFreeze(db),
    search.q?.trim() ? matchingAgentIds(db, search.q) : null,
    search.agent ? agentIdsNamed(db, search.agent) : null,
    agentsNotForMe(db, actor),
  ]);
  return { tabs: tabConditions(actor, frozen !== null, notMine, now), narrowed: searchConditions(search, agentIds, namedAgent, now) };
}

export const riskCondition = (risk: RiskLevel | undefined) => (risk ? eq(r.riskRank, riskRank(risk)) : undefined);

const normalEmail = (email: string) => email.trim().toLowerCase();
const sameEmailAs = (column: SQL | typeof r.onBehalfOf | typeof agents.ownerEmail | typeof decisions.deciderId, email: string) =>
  sql`lower(btrim(${column})) = ${normalEmail(email)}`;

/**
 * Each tab's condition. `waiting` is canDecide asked of the read model, rule for rule: pending and not
 * lapsed, approvals not frozen, agent not revoked, not an auditor, not already decided by this person,
 * a member of the current stage's groups (projected as deciding_groups from the same stageProgress),
 * and neither the agent's owner nor the person it acts for. Step-up is left out: it asks the person to
 * sign in again when they decide, it does not make the request someone else's. The agents that rule
 * out (revoked, or owned by this person) are looked up first: a short list, and no join per row.
 */
function tabConditions(actor: UserActor, frozen: boolean, notMine: string[], now: Date): Record<QueueFilter, SQL | undefined> {
  // `in (subquery)` rather than `exists`: PostgreSQL hashes this person's decisions once, which keeps
  // the condition cheap inside the counts' FILTER clauses as well as in a page's WHERE.
  const decidedBy = (outcome?: "approve") =>
    sql`${r.id} in (select ${decisions.requestId} from ${decisions} where ${sameEmailAs(decisions.deciderId, actor.email)}${outcome ? sql` and ${decisions.outcome} = ${outcome}` : sql``})`;
  const eligible = !frozen && !actor.roles.includes("auditor") && actor.groups.length > 0;
  return {
    waiting: eligible
      ? and(
          eq(r.status, "pending"),
          sql`${r.expiresAt} > ${now.toISOString()}::timestamptz`,
          arrayOverlaps(r.decidingGroups, actor.groups),
          notMine.length ? notInArray(r.agentId, notMine) : undefined,
          sql`(${r.onBehalfOf} is null or not ${sameEmailAs(r.onBehalfOf, actor.email)})`,
          sql`not ${decidedBy()}`,
        )
      : sql`false`,
    pending: eq(r.status, "pending"),
    decided: inArray(r.status, DECIDED),
    // The expression of the partial index that serves this tab.
    "follow-up": sql`${r.breakGlass}->>'followUp' = 'open'`,
    "approved-by-me": decidedBy("approve"),
    all: undefined,
  };
}

/** `%` and `_` in what a person types are themselves, not wildcards. */
const likePattern = (text: string) => `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Agents whose requests never wait for this person: revoked ones, and their own. */
async function agentsNotForMe(db: Executor, actor: UserActor): Promise<string[]> {
  const rows = await db
    .select({ id: agents.id })
    .from(agents)
    .where(or(isNotNull(agents.revokedAt), sameEmailAs(agents.ownerEmail, actor.email)));
  return rows.map((row) => row.id);
}

async function agentIdsNamed(db: Executor, name: string): Promise<string[]> {
  return (await db.select({ id: agents.id }).from(agents).where(eq(agents.name, name))).map((row) => row.id);
}

/** Agents whose name contains the search: a short list that lets the search stay on action_requests' indexes. */
async function matchingAgentIds(db: Executor, q: string): Promise<string[]> {
  const rows = await db.select({ id: agents.id }).from(agents).where(ilike(agents.name, likePattern(q)));
  return rows.map((row) => row.id);
}

function searchConditions(search: QueueSearch, agentIds: string[] | null, namedAgent: string[] | null, now: Date): SQL[] {
  const conditions: (SQL | undefined)[] = [];
  const q = search.q?.trim();
  if (q) {
    const pattern = likePattern(q);
    conditions.push(or(ilike(r.summary, pattern), ilike(r.action, pattern), ilike(r.resource, pattern), agentIds?.length ? inArray(r.agentId, agentIds) : undefined));
  }
  if (namedAgent) conditions.push(namedAgent.length ? inArray(r.agentId, namedAgent) : sql`false`);
  if (search.action) conditions.push(eq(r.action, search.action));
  if (search.resource?.trim()) conditions.push(ilike(r.resource, likePattern(search.resource)));
  if (search.environment) conditions.push(eq(r.environment, search.environment));
  if (search.status) conditions.push(eq(r.status, search.status));
  if (search.rule) conditions.push(sql`(${r.policyEvaluation}->>'rule') = ${search.rule}`);
  if (search.age) conditions.push(gte(r.createdAt, new Date(now.getTime() - QUEUE_AGES[search.age] * 1000)));
  return conditions.filter((c): c is SQL => c !== undefined);
}

