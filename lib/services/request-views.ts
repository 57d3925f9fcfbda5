import "server-only";
import type { actionRequests, decisions } from "@/db/schema";
import { BREAK_GLASS_CONFIRMATIONS, type FollowUpStatus } from "@/lib/domain/request/break-glass";

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

/** A break-glass approval and its follow-up review, as every reader sees it (null when nobody broke the glass). */
export type BreakGlassView = {
  approver: string;
  approverName: string | null;
  at: string;
  followUp: { status: FollowUpStatus; confirmations: { confirmer: string; confirmerName: string | null; at: string }[]; requiredConfirmations: number };
};

export function breakGlassView(request: typeof actionRequests.$inferSelect): BreakGlassView | null {
  const record = request.breakGlass;
  if (!record) return null;
  return {
    approver: record.approver,
    approverName: record.approverName,
    at: record.at,
    followUp: { status: record.followUp, confirmations: record.confirmations, requiredConfirmations: BREAK_GLASS_CONFIRMATIONS },
  };
}

export type DecisionView = {
  id: string;
  decider: string;
  deciderName: string | null;
  kind: string;
  outcome: "approve" | "reject";
  reason: string | null;
  /** An approval made alone under the rule's break-glass. */
  breakGlass: boolean;
  decidedAt: string;
};

export function decisionView(d: typeof decisions.$inferSelect): DecisionView {
  return { id: d.id, decider: d.deciderId, deciderName: d.deciderName, kind: d.deciderKind, outcome: d.outcome, reason: d.reason, breakGlass: d.breakGlass, decidedAt: d.decidedAt.toISOString() };
}
