import "server-only";
import type { actionRequests, decisions } from "@/db/schema";

/** The request as stored (masked), as every reader sees it: agent API and console alike. */
export function requestContent(request: typeof actionRequests.$inferSelect) {
  return {
    action: request.action,
    resource: request.resource,
    environment: request.environment,
    summary: request.summary,
    reasoning: request.reasoning,
    parameters: request.parameters,
    context: request.context ?? null,
    change: request.change ?? null,
    onBehalfOf: request.onBehalfOf,
    masking: request.masking,
  };
}

export type RequestContent = ReturnType<typeof requestContent>;

export type DecisionView = {
  id: string;
  decider: string;
  deciderName: string | null;
  kind: string;
  outcome: "approve" | "reject";
  reason: string | null;
  decidedAt: string;
};

export function decisionView(d: typeof decisions.$inferSelect): DecisionView {
  return { id: d.id, decider: d.deciderId, deciderName: d.deciderName, kind: d.deciderKind, outcome: d.outcome, reason: d.reason, decidedAt: d.decidedAt.toISOString() };
}
