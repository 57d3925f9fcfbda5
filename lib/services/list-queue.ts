import "server-only";
import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { oneRow } from "@/db/one-row";
import { actionRequests, agents, decisions } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import type { FollowUpStatus } from "@/lib/domain/request/break-glass";
import { REQUEST_STATUSES, type RequestStatus } from "@/lib/domain/request-status";
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
};

/** `follow-up`: break-glass approvals whose follow-up review still waits for confirmations, newest first. */
export type QueueFilter = "pending" | "decided" | "follow-up" | "all";

/** Where the previous page ended: its last row's sort timestamp (UTC, microseconds) and id. */
export type QueuePosition = { at: string; id: string };

/** One page of a queue tab; `next` is where the following page starts; `total` (first page only) counts the tab. */
export type QueuePage = { items: QueueItem[]; next: QueuePosition | null; total: number | null };

export const QUEUE_PAGE_SIZE = 50;

const DECIDED: RequestStatus[] = REQUEST_STATUSES.filter((s) => s !== "pending");

/**
 * The reviewer queue, a page at a time: pending requests soonest to expire first (the next one to lapse
 * on top); history newest first. Keyset paging on (timestamp, id), so rows arriving meanwhile do not
 * shift a page. The timestamp travels as UTC text with microseconds, which a JS Date would drop, in a
 * fixed format whatever the server's DateStyle. `total` is counted on the first page only.
 */
export async function listQueue(
  db: Executor,
  actor: UserActor,
  { filter = "pending", after, limit = QUEUE_PAGE_SIZE }: { filter?: QueueFilter; after?: QueuePosition; limit?: number } = {},
): Promise<QueuePage> {
  requireCapability(actor, "readRequests");
  const tab: SQL | undefined = {
    pending: eq(actionRequests.status, "pending"),
    decided: inArray(actionRequests.status, DECIDED),
    // The expression of the partial index that serves this tab.
    "follow-up": sql`${actionRequests.breakGlass}->>'followUp' = 'open'`,
    all: undefined,
  }[filter];
  const sortColumn = filter === "pending" ? actionRequests.expiresAt : actionRequests.createdAt;
  const direction = filter === "pending" ? asc : desc;
  const afterPosition = after
    ? filter === "pending"
      ? sql`(${sortColumn}, ${actionRequests.id}) > (${after.at}::timestamptz, ${after.id}::uuid)`
      : sql`(${sortColumn}, ${actionRequests.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
    : undefined;
  const pageSize = Math.max(1, limit);
  const [rows, total] = await Promise.all([
    db
      .select({ request: actionRequests, agentName: agents.name, sortKey: sql<string>`to_char(${sortColumn} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
      .from(actionRequests)
      .innerJoin(agents, eq(agents.id, actionRequests.agentId))
      .where(and(tab, afterPosition))
      .orderBy(direction(sortColumn), direction(actionRequests.id))
      // One more than asked tells whether another page exists.
      .limit(pageSize + 1),
    after ? null : db.select({ total: count() }).from(actionRequests).where(tab).then((rows) => oneRow(rows).total),
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
    })),
    next: hasMore && last ? { at: last.sortKey, id: last.request.id } : null,
    total,
  };
}
