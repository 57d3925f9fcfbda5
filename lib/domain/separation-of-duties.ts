import type { UserActor } from "./actor";
import { hasLapsed, type RequestStatus } from "./request-status";

export type DecisionSubject = {
  status: RequestStatus;
  agentOwnerEmail: string;
  /** When the requesting agent was revoked, if it was: a revoked agent is never granted anything. */
  agentRevokedAt: Date | null;
  onBehalfOf: string | null;
  approverGroups: string[];
  expiresAt: Date;
};

export type PriorDecision = { deciderId: string; outcome: "approve" | "reject" };

export type DecisionRefusalCode = "INVALID_STATE" | "AGENT_REVOKED" | "SEPARATION_OF_DUTIES" | "FORBIDDEN";

export type DecisionVerdict = { ok: true } | { ok: false; code: DecisionRefusalCode; reason: string };

const sameEmail = (a: string | null, b: string | null) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * May this person approve or reject this request now? The single rule every decision path calls
 * (console, API, chat integrations); the UI only hides what this refuses anyway.
 */
export function canDecide(actor: UserActor, request: DecisionSubject, prior: PriorDecision[], now: Date): DecisionVerdict {
  if (request.status !== "pending") {
    return { ok: false, code: "INVALID_STATE", reason: `This request is ${request.status}; it no longer takes decisions.` };
  }
  if (hasLapsed(request, now)) {
    return { ok: false, code: "INVALID_STATE", reason: "This request has expired; it no longer takes decisions." };
  }
  // Revocation cancels an agent's pending requests in its own transaction; this covers whatever it
  // could not reach (requests left pending by a revocation made before that rule existed).
  if (request.agentRevokedAt) {
    return { ok: false, code: "AGENT_REVOKED", reason: "The agent that made this request has been revoked; it can no longer be approved or rejected." };
  }
  if (actor.roles.includes("auditor")) {
    return { ok: false, code: "FORBIDDEN", reason: "Auditors have read-only access and cannot decide requests." };
  }
  if (!actor.groups.some((group) => request.approverGroups.includes(group))) {
    return {
      ok: false,
      code: "FORBIDDEN",
      reason: `Only members of ${request.approverGroups.join(" or ")} may decide this request.`,
    };
  }
  if (sameEmail(actor.email, request.agentOwnerEmail)) {
    return { ok: false, code: "SEPARATION_OF_DUTIES", reason: "You own the agent that made this request, so someone else must decide it." };
  }
  if (sameEmail(actor.email, request.onBehalfOf)) {
    return { ok: false, code: "SEPARATION_OF_DUTIES", reason: "This request was made on your behalf, so someone else must decide it." };
  }
  if (prior.some((decision) => sameEmail(decision.deciderId, actor.email))) {
    return { ok: false, code: "SEPARATION_OF_DUTIES", reason: "You have already decided this request; each person counts once." };
  }
  return { ok: true };
}

/** Where a request stands after a decision: one rejection rejects; quorum of distinct approvals approves. */
export function statusAfterDecisions(decisions: PriorDecision[], requiredApprovals: number): "pending" | "approved" | "rejected" {
  if (decisions.some((decision) => decision.outcome === "reject")) return "rejected";
  const approvers = new Set(decisions.filter((d) => d.outcome === "approve").map((d) => d.deciderId.toLowerCase()));
  return approvers.size >= requiredApprovals ? "approved" : "pending";
}
