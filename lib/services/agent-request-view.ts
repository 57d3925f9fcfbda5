import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { actionRequests, decisions, grants } from "@/db/schema";
import { getConfig } from "@/lib/config";
import type { PolicyStage } from "@/lib/domain/policy/document";
import type { RequestStatus } from "@/lib/domain/request-status";
import { breakGlassView, decisionView, requestContent, type BreakGlassView, type DecisionView, type RequestContent } from "./request-views";

export type AgentRequestView = {
  id: string;
  status: RequestStatus;
  payloadDigest: string;
  policy: { id: string; version: number; rule: string; requiredApprovals: number; stages: PolicyStage[] };
  expiresAt: string;
  createdAt: string;
  links: { self: string; console: string };
  decisions: DecisionView[];
  breakGlass: BreakGlassView | null;
  grant?: string;
  execution?: { outcome: "succeeded" | "failed"; detail: string | null; reportedAt: string };
} & RequestContent;

/**
 * The request as its agent sees it through the API, or null when it does not exist or belongs to
 * another agent: both answer 404 so ids reveal nothing.
 */
export async function loadAgentRequestView(db: Executor, agentId: string, requestId: string): Promise<AgentRequestView | null> {
  const [request] = await db
    .select()
    .from(actionRequests)
    .where(and(eq(actionRequests.id, requestId), eq(actionRequests.agentId, agentId)));
  if (!request) return null;
  // A pending request has neither decisions nor a grant yet: the common long-poll read is one query.
  if (request.status === "pending") return toAgentRequestView(request, [], undefined);
  const [decisionRows, [grant]] = await Promise.all([
    db.select().from(decisions).where(eq(decisions.requestId, requestId)).orderBy(asc(decisions.decidedAt)),
    db.select().from(grants).where(eq(grants.requestId, requestId)),
  ]);
  return toAgentRequestView(request, decisionRows, grant);
}

export function toAgentRequestView(
  request: typeof actionRequests.$inferSelect,
  decisionRows: (typeof decisions.$inferSelect)[],
  grant: typeof grants.$inferSelect | undefined,
): AgentRequestView {
  const appUrl = getConfig().appUrl;
  return {
    id: request.id,
    status: request.status,
    payloadDigest: request.payloadDigest,
    policy: {
      id: request.policyId,
      version: request.policyVersion,
      rule: request.policyEvaluation.rule,
      requiredApprovals: request.requiredApprovals,
      stages: request.policyEvaluation.stages,
    },
    expiresAt: request.expiresAt.toISOString(),
    createdAt: request.createdAt.toISOString(),
    links: { self: `/api/v1/action-requests/${request.id}`, console: `${appUrl}/requests/${request.id}` },
    ...requestContent(request),
    decisions: decisionRows.map(decisionView),
    breakGlass: breakGlassView(request),
    ...(grant && { grant: grant.jws }),
    ...(grant?.executionOutcome && {
      execution: { outcome: grant.executionOutcome, detail: grant.executionDetail, reportedAt: grant.executedAt!.toISOString() },
    }),
  };
}
