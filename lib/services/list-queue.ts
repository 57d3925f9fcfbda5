import "server-only";
import { and, asc, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { actionRequests, agents, decisions } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
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
};

export type QueueFilter = "pending" | "decided" | "all";

const DECIDED: RequestStatus[] = REQUEST_STATUSES.filter((s) => s !== "pending");

/** The reviewer queue: pending requests oldest first (the next one to expire on top); history newest first. */
export async function listQueue(db: Executor, actor: UserActor, filter: QueueFilter = "pending", limit = 200): Promise<QueueItem[]> {
  requireCapability(actor, "readRequests");
  const where: SQL | undefined =
    filter === "pending" ? eq(actionRequests.status, "pending") : filter === "decided" ? inArray(actionRequests.status, DECIDED) : undefined;
  const rows = await db
    .select({ request: actionRequests, agentName: agents.name })
    .from(actionRequests)
    .innerJoin(agents, eq(agents.id, actionRequests.agentId))
    .where(where)
    .orderBy(filter === "pending" ? asc(actionRequests.expiresAt) : desc(actionRequests.createdAt))
    .limit(limit);
  const approvalCounts = rows.length
    ? await db
        .select({ requestId: decisions.requestId, n: count() })
        .from(decisions)
        .where(and(inArray(decisions.requestId, rows.map((r) => r.request.id)), eq(decisions.outcome, "approve")))
        .groupBy(decisions.requestId)
    : [];
  const approvals = new Map(approvalCounts.map((a) => [a.requestId, a.n]));
  return rows.map(({ request, agentName }) => ({
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
  }));
}
