import "server-only";
import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { oneRow } from "@/db/one-row";
import { actionRequests, agents, decisions } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import type { FollowUpStatus } from "@/lib/domain/request/break-glass";
import type { RiskAssessment } from "@/lib/domain/request/assess-risk";
import type { RequestStatus } from "@/lib/domain/request-status";
import { defaultSort, type QueueFilter, type QueueSearch, type QueueSort } from "@/lib/domain/queue-search";
import { queueConditions, riskCondition } from "./queue-conditions";
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

/** One page of a queue view; `next` is where the following page starts; `total` (first page only) counts the view. */
export type QueuePage = { items: QueueItem[]; next: QueuePosition | null; total: number | null };

export const QUEUE_PAGE_SIZE = 50;

export type { QueueFilter, QueueSearch, QueueSort };


type Options = { filter?: QueueFilter; search?: QueueSearch; sort?: QueueSort; after?: QueuePosition; limit?: number; now?: Date };

/**
 * The reviewer queue, a page at a time, searched, filtered and sorted in PostgreSQL. Keyset paging on
 * the sort's columns and the id, so rows arriving meanwhile do not shift a page. The timestamp travels
 * as UTC text with microseconds, which a JS Date would drop, in a fixed format whatever the server's
 * DateStyle. `total` (first page only) counts the view; countQueue counts the other tabs and risk levels.
 */
export async function listQueue(db: Executor, actor: UserActor, { filter = "pending", search = {}, sort, after, limit = QUEUE_PAGE_SIZE, now = new Date() }: Options = {}): Promise<QueuePage> {
  requireCapability(actor, "readRequests");
  const order = sort ?? defaultSort(filter);
  const { tabs, narrowed } = await queueConditions(db, actor, search, now);
  const where = and(tabs[filter], ...narrowed, riskCondition(search.risk));
  const { columns, sortKey } = SORTS[order];
  const pageSize = Math.max(1, limit);
  const [rows, total] = await Promise.all([
    db
      .select({ request: actionRequests, agentName: agents.name, sortKey: sql<string>`to_char(${sortKey} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
      .from(actionRequests)
      .innerJoin(agents, eq(agents.id, actionRequests.agentId))
      .where(and(where, after ? afterPosition(order, after) : undefined))
      .orderBy(...columns)
      // One more than asked tells whether another page exists.
      .limit(pageSize + 1),
    after ? null : db.select({ n: count() }).from(actionRequests).where(where).then((rows) => oneRow(rows).n),
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
    total,
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

