import type { UserActor } from "./actor";
import { authenticatedWithin } from "./authentication";
import { frozenReason, type Freeze } from "./freeze";
import { describeDuration } from "./policy/duration";
import type { PolicyStage } from "./policy/document";
import { stageProgress } from "./request/stage-progress";
import { hasLapsed, type RequestStatus } from "./request-status";

export type DecisionSubject = {
  status: RequestStatus;
  agentOwnerEmail: string;
  /** When the requesting agent was revoked, if it was: a revoked agent is never granted anything. */
  agentRevokedAt: Date | null;
  onBehalfOf: string | null;
  /** The policy's ordered stages: only the current stage's groups may decide. */
  stages: readonly PolicyStage[];
  /** The matched rule's step-up: the decider must have authenticated within this many minutes. */
  stepUpMinutes?: number | null;
  /** Set while an administrator has frozen all approvals. */
  freeze?: Freeze | null;
  /** A policy change: its author (onBehalfOf) is told so when refused. */
  policyChange?: boolean;
  expiresAt: Date;
};

export type PriorDecision = { deciderId: string; outcome: "approve" | "reject" };

export type DecisionRefusalCode = "INVALID_STATE" | "AGENT_REVOKED" | "SEPARATION_OF_DUTIES" | "FORBIDDEN" | "STEP_UP_REQUIRED" | "FROZEN";

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
  if (request.freeze) return { ok: false, code: "FROZEN", reason: frozenReason(request.freeze) };
  // Revocation cancels an agent's pending requests in its own transaction; this covers whatever it
  // could not reach (requests left pending by a revocation made before that rule existed).
  if (request.agentRevokedAt) {
    return { ok: false, code: "AGENT_REVOKED", reason: "The agent that made this request has been revoked; it can no longer be approved or rejected." };
  }
  if (actor.roles.includes("auditor")) {
    return { ok: false, code: "FORBIDDEN", reason: "Auditors have read-only access and cannot decide requests." };
  }
  if (prior.some((decision) => sameEmail(decision.deciderId, actor.email))) {
    return { ok: false, code: "SEPARATION_OF_DUTIES", reason: "You have already decided this request; each person counts once." };
  }
  // Only an automatic approval held while sealing has stalled is pending with no stage for people.
  if (request.stages.length === 0) {
    return { ok: false, code: "FORBIDDEN", reason: "No person decides this request: its policy rule approves it automatically, which waits until sealing recovers." };
  }
  const progress = stageProgress(request.stages, prior.filter((decision) => decision.outcome === "approve").length);
  const current = progress.current === null ? undefined : progress.stages[progress.current];
  // The groups are the current session's (the actor is built from it on every call), never a cached copy.
  if (!current || !actor.groups.some((group) => current.groups.includes(group))) {
    const groups = current?.groups.join(" or ") ?? "nobody";
    return {
      ok: false,
      code: "FORBIDDEN",
      reason:
        request.stages.length > 1
          ? `This request is at stage ${progress.current! + 1} of ${request.stages.length}, which only members of ${groups} may decide.`
          : `Only members of ${groups} may decide this request.`,
    };
  }
  if (sameEmail(actor.email, request.agentOwnerEmail)) {
    return { ok: false, code: "SEPARATION_OF_DUTIES", reason: "You own the agent that made this request, so someone else must decide it." };
  }
  if (sameEmail(actor.email, request.onBehalfOf)) {
    const reason = request.policyChange
      ? "You proposed this policy change, so another administrator must approve it."
      : "This request was made on your behalf, so someone else must decide it.";
    return { ok: false, code: "SEPARATION_OF_DUTIES", reason };
  }
  // Checked against when the IdP last saw them (auth_time), never when the session began.
  if (request.stepUpMinutes && !authenticatedWithin(actor.authentication, request.stepUpMinutes * 60, now)) {
    return {
      ok: false,
      code: "STEP_UP_REQUIRED",
      reason: `This request requires you to have signed in within the last ${describeDuration(request.stepUpMinutes * 60)}; sign in again (from your account page) to decide it.`,
    };
  }
  return { ok: true };
}

/** Where a request stands after a decision: one rejection rejects; the last stage's last approval approves. */
export function statusAfterDecisions(decisions: PriorDecision[], stages: readonly PolicyStage[]): "pending" | "approved" | "rejected" {
  if (decisions.some((decision) => decision.outcome === "reject")) return "rejected";
  const approvers = new Set(decisions.filter((d) => d.outcome === "approve").map((d) => d.deciderId.toLowerCase()));
  return stageProgress(stages, approvers.size).current === null ? "approved" : "pending";
}
