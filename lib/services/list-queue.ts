import "server-only";
import { and, arrayOverlaps, asc, count, desc, eq, gte, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { oneRow } from "@/db/one-row";
import { actionRequests, agents, decisions } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import type { FollowUpStatus } from "@/lib/domain/request/break-glass";
import { RISK_LEVELS, riskRank, type RiskAssessment, type RiskLevel } from "@/lib/domain/request/assess-risk";
import { REQUEST_STATUSES, type RequestStatus } from "@/lib/domain/request-status";
import { defaultSort, QUEUE_AGES, QUEUE_FILTERS, type QueueFilter, type QueueSearch, type QueueSort } from "@/lib/domain/queue-search";
import { readFreeze } from "./freeze-approvals";
import { requireCapability } from "./require-capability";

export type QueueItem = {
  id: string;
  status: RequestStatus;
  action: string;
  resource: string;
  environment: string;
  summary: string;
  agentName: string;
  onBehalfOf: string | null;
  approvals: number;
  requiredApprovals: number;
  maskedValues: number;
  createdAt: string;
  expiresAt: string;
  /** Set when someone broke the glass: the queue flags it, and whether its follow-up review is still open. */
  breakGlass: { followUp: FollowUpStatus } | null;
  /** What makes it risky, in words, and how much. */
  risk: RiskAssessment;
  /** The matched policy rule's name ("default" when none matched). */
  rule: string;
};

/** Where the previous page ended: its last row's sort timestamp (UTC, microseconds), id, and risk rank for the risk sort. */
export type QueuePosition = { at: string; id: string; rank?: number };

/** How many requests each tab and each risk level hold under the current search (first page only). */
export type QueueCounts = { filters: Record<QueueFilter, number>; risk: Record<RiskLevel, number> };

/** One page of a queue tab; `next` is where the following page starts; `total` and `counts` come with the first page only. */
export type QueuePage = { items: QueueItem[]; next: QueuePosition | null; total: number | null; counts: QueueCounts | null };

export const QUEUE_PAGE_SIZE = 50;

export type { QueueFilter, QueueSearch, QueueSort };

const DECIDED: RequestStatus[] = REQUEST_STATUSES.filter((s) => s !== "pending");

type Options = { filter?: QueueFilter; search?: QueueSearch; sort?: QueueSort; after?: QueuePosition; limit?: number; now?: Date };

/**
 * The reviewer queue, a page at a time, searched, filtered and sorted in PostgreSQL. Keyset paging on
 * the sort's columns and the id, so rows arriving meanwhile do not shift a page. The timestamp travels
 * as UTC text with microseconds, which a JS Date would drop, in a fixed format whatever the server's
 * DateStyle. The first page also counts every tab and risk level under the same search.
 */
export async function listQueue(db: Executor, actor: UserActor, { filter = "pending", search = {}, sort, after, limit = QUEUE_PAGE_SIZE, now = new Date() }: Options = {}): Promise<QueuePage> {
  requireCapability(actor, "readRequests");
  const order = sort ?? defaultSort(filter);
  const [frozen, agentIds] = await Promise.all([readFreeze(db), search.q?.trim() ? matchingAgentIds(db, search.q) : null]);
  const tabs = tabConditions(actor, frozen !== null, now);
  const narrowed = searchConditions(search, agentIds, now);
  const where = and(tabs[filter], ...narrowed, riskCondition(search.risk));
  const { columns, sortKey } = SORTS[order];
  const pageSize = Math.max(1, limit);
  const [rows, counts] = await Promise.all([
    db
      .select({ request: actionRequests, agentName: agents.name, sortKey: sql<string>`to_char(${sortKey} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
      .from(actionRequests)
      .innerJoin(agents, eq(agents.id, actionRequests.agentId))
      .where(and(where, after ? afterPosition(order, after) : undefined))
      .orderBy(...columns)
      // One more than asked tells whether another page exists.
      .limit(pageSize + 1),
    after ? null : countQueue(db, tabs, filter, narrowed, search.risk),
  ]);
  const hasMore = rows.length > pageSize;
  rows.length = Math.min(rows.length, pageSize);
  const approvalCounts = rows.length
    ? await db
        .select({ requestId: decisions.requestId, n: count() })
        .from(decisions)
        .where(and(inArray(decisions.requestId, rows.map((r) => r.request.id)), eq(decisions.outcome, "approve")))
        .groupBy(decisions.requestId)
    : [];
  const approvals = new Map(approvalCounts.map((a) => [a.requestId, a.n]));
  const last = rows.at(-1);
  return {
    items: rows.map(({ request, agentName }) => ({
      id: request.id,
      status: request.status,
      action: request.action,
      resource: request.resource,
      environment: request.environment,
      summary: request.summary,
      agentName,
      onBehalfOf: request.onBehalfOf,
      approvals: approvals.get(request.id) ?? 0,
      requiredApprovals: request.requiredApprovals,
      maskedValues: Object.values(request.masking).reduce((a, b) => a + b, 0),
      createdAt: request.createdAt.toISOString(),
      expiresAt: request.expiresAt.toISOString(),
      breakGlass: request.breakGlass && { followUp: request.breakGlass.followUp },
      risk: request.risk,
      rule: request.policyEvaluation.rule,
    })),
    next: hasMore && last ? { at: last.sortKey, id: last.request.id, ...(order === "risk" ? { rank: last.request.riskRank } : {}) } : null,
    total: counts && counts.filters[filter],
    counts,
  };
}

const r = actionRequests;

const SORTS: Record<QueueSort, { columns: SQL[]; sortKey: typeof r.expiresAt | typeof r.createdAt }> = {
  urgency: { columns: [asc(r.expiresAt), asc(r.id)], sortKey: r.expiresAt },
  newest: { columns: [desc(r.createdAt), desc(r.id)], sortKey: r.createdAt },
  oldest: { columns: [asc(r.createdAt), asc(r.id)], sortKey: r.createdAt },
  risk: { columns: [desc(r.riskRank), desc(r.createdAt), desc(r.id)], sortKey: r.createdAt },
};

function afterPosition(order: QueueSort, after: QueuePosition): SQL {
  const at = sql`${after.at}::timestamptz`;
  const id = sql`${after.id}::uuid`;
  switch (order) {
    case "urgency":
      return sql`(${r.expiresAt}, ${r.id}) > (${at}, ${id})`;
    case "newest":
      return sql`(${r.createdAt}, ${r.id}) < (${at}, ${id})`;
    case "oldest":
      return sql`(${r.createdAt}, ${r.id}) > (${at}, ${id})`;
    case "risk":
      return sql`(${r.riskRank}, ${r.createdAt}, ${r.id}) < (${after.rank ?? 0}, ${at}, ${id})`;
  }
}

const normalEmail = (email: string) => email.trim().toLowerCase();
const sameEmailAs = (column: SQL | typeof r.onBehalfOf | typeof agents.ownerEmail | typeof decisions.deciderId, email: string) =>
  sql`lower(btrim(${column})) = ${normalEmail(email)}`;

/**
 * Each tab's condition. `waiting` is canDecide asked of the read model, rule for rule: pending and not
 * lapsed, approvals not frozen, agent not revoked, not an auditor, not already decided by this person,
 * a member of the current stage's groups (projected as deciding_groups from the same stageProgress),
 * and neither the agent's owner nor the person it acts for. Step-up is left out: it asks the person to
 * sign in again when they decide, it does not make the request someone else's.
 */
function tabConditions(actor: UserActor, frozen: boolean, now: Date): Record<QueueFilter, SQL | undefined> {
  const decidedBy = (outcome?: "approve") =>
    sql`exists (select 1 from ${decisions} where ${decisions.requestId} = ${r.id} and ${sameEmailAs(decisions.deciderId, actor.email)}${outcome ? sql` and ${decisions.outcome} = ${outcome}` : sql``})`;
  const eligible = !frozen && !actor.roles.includes("auditor") && actor.groups.length > 0;
  return {
    waiting: eligible
      ? and(
          eq(r.status, "pending"),
          sql`${r.expiresAt} > ${now.toISOString()}::timestamptz`,
          arrayOverlaps(r.decidingGroups, actor.groups),
          isNull(agents.revokedAt),
          sql`not ${sameEmailAs(agents.ownerEmail, actor.email)}`,
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

/** Agents whose name contains the search: a short list that lets the search stay on action_requests' indexes. */
async function matchingAgentIds(db: Executor, q: string): Promise<string[]> {
  const rows = await db.select({ id: agents.id }).from(agents).where(ilike(agents.name, likePattern(q)));
  return rows.map((row) => row.id);
}

function searchConditions(search: QueueSearch, agentIds: string[] | null, now: Date): SQL[] {
  const conditions: (SQL | undefined)[] = [];
  const q = search.q?.trim();
  if (q) {
    const pattern = likePattern(q);
    conditions.push(or(ilike(r.summary, pattern), ilike(r.action, pattern), ilike(r.resource, pattern), agentIds?.length ? inArray(r.agentId, agentIds) : undefined));
  }
  if (search.agent) conditions.push(eq(agents.name, search.agent));
  if (search.action) conditions.push(eq(r.action, search.action));
  if (search.resource?.trim()) conditions.push(ilike(r.resource, likePattern(search.resource)));
  if (search.environment) conditions.push(eq(r.environment, search.environment));
  if (search.status) conditions.push(eq(r.status, search.status));
  if (search.rule) conditions.push(sql`(${r.policyEvaluation}->>'rule') = ${search.rule}`);
  if (search.age) conditions.push(gte(r.createdAt, new Date(now.getTime() - QUEUE_AGES[search.age] * 1000)));
  return conditions.filter((c): c is SQL => c !== undefined);
}

const riskCondition = (risk: RiskLevel | undefined) => (risk ? eq(r.riskRank, riskRank(risk)) : undefined);

/**
 * Facet counts: each tab under the whole search (risk included), and each risk level within the
 * current tab under the rest of the search, so a count says what clicking it would show.
 */
async function countQueue(db: Executor, tabs: Record<QueueFilter, SQL | undefined>, filter: QueueFilter, narrowed: SQL[], risk: RiskLevel | undefined): Promise<QueueCounts> {
  const countWhere = (condition: SQL | undefined) => (condition ? sql<number>`count(*) filter (where ${condition})::int` : sql<number>`count(*)::int`);
  const countEach = async <K extends string>(keys: readonly K[], condition: (key: K) => SQL | undefined, where: SQL | undefined) => {
    const fields: Record<string, SQL<number>> = Object.fromEntries(keys.map((key) => [key, countWhere(condition(key))]));
    const row = oneRow(await db.select(fields).from(actionRequests).innerJoin(agents, eq(agents.id, actionRequests.agentId)).where(where));
    return row as Record<K, number>;
  };
  const [filters, levels] = await Promise.all([
    countEach(QUEUE_FILTERS, (f) => tabs[f], and(...narrowed, riskCondition(risk))),
    countEach(RISK_LEVELS, riskCondition, and(tabs[filter], ...narrowed)),
  ]);
  return { filters, risk: levels };
}
