import type { UserActor } from "./actor";
import { authenticatedWithin } from "./authentication";
import { BREAK_GLASS_CONFIRMATIONS, followUpStatus } from "./request/break-glass";
import { frozenReason, type Freeze } from "./freeze";
import { can } from "./permissions";
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
  /** The matched rule's break-glass groups, when it allows one person to approve alone in an emergency. */
  breakGlass?: { groups: string[] } | null;
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
  return checkDecider(actor, request, prior, now, () => {
    // Only an automatic approval held while sealing has stalled is pending with no stage for people.
    if (request.stages.length === 0) {
      return { ok: false, code: "FORBIDDEN", reason: "No person decides this request: its policy rule approves it automatically, which waits until sealing recovers." };
    }
    const progress = stageProgress(request.stages, prior.filter((decision) => decision.outcome === "approve").length);
    const current = progress.current === null ? undefined : progress.stages[progress.current];
    // The groups are the current session's (the actor is built from it on every call), never a cached copy.
    if (current && actor.groups.some((group) => current.groups.includes(group))) return null;
    const groups = current?.groups.join(" or ") ?? "nobody";
    return {
      ok: false,
      code: "FORBIDDEN",
      reason:
        request.stages.length > 1
          ? `This request is at stage ${progress.current! + 1} of ${request.stages.length}, which only members of ${groups} may decide.`
          : `Only members of ${groups} may decide this request.`,
    };
  });
}

/**
 * May this person break the glass: approve alone, at once, because quorum cannot be reached in time?
 * Only where the matched rule allows it, only a member of its break-glass groups, and every other rule
 * of canDecide still holds (pending, not frozen, not the owner or the person it acts for, not an
 * auditor, not someone who already decided, step-up if the rule asks).
 */
export function canBreakGlass(actor: UserActor, request: DecisionSubject, prior: PriorDecision[], now: Date): DecisionVerdict {
  return checkDecider(actor, request, prior, now, () => {
    const groups = request.breakGlass?.groups;
    if (!groups) return { ok: false, code: "FORBIDDEN", reason: "The policy rule that matched this request does not allow break-glass approval." };
    if (actor.groups.some((group) => groups.includes(group))) return null;
    return { ok: false, code: "FORBIDDEN", reason: `Only members of ${groups.join(" or ")} may break the glass on this request.` };
  });
}

/** The checks every decision shares, in order; `groupRule` says who may take this kind of decision (null: the actor may). */
function checkDecider(actor: UserActor, request: DecisionSubject, prior: PriorDecision[], now: Date, groupRule: () => DecisionVerdict | null): DecisionVerdict {
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
  const outsideGroups = groupRule();
  if (outsideGroups) return outsideGroups;
  const partyRefusal = partyToRequest(actor, request);
  if (partyRefusal) return partyRefusal;
  // Checked against when the IdP last saw them (auth_time), never when the session began.
  if (request.stepUpMinutes && !authenticatedWithin(actor.authentication, request.stepUpMinutes * 60, now)) {
    return {
      ok: false,
      code: "STEP_UP_REQUIRED",
      reason: `This request requires you to have signed in within the last ${describeDuration(request.stepUpMinutes * 60)}; sign in again to decide it (the console sends you to your identity provider when you decide).`,
    };
  }
  return { ok: true };
}

/** The agent's owner and the person it acts for never decide or review their own request. */
function partyToRequest(actor: UserActor, request: Pick<DecisionSubject, "agentOwnerEmail" | "onBehalfOf" | "policyChange">): DecisionVerdict | null {
  if (sameEmail(actor.email, request.agentOwnerEmail)) {
    return { ok: false, code: "SEPARATION_OF_DUTIES", reason: "You own the agent that made this request, so someone else must decide it." };
  }
  if (sameEmail(actor.email, request.onBehalfOf)) {
    const reason = request.policyChange
      ? "You proposed this policy change, so another administrator must approve it."
      : "This request was made on your behalf, so someone else must decide it.";
    return { ok: false, code: "SEPARATION_OF_DUTIES", reason };
  }
  return null;
}

/**
 * May this person confirm a break-glass approval in its follow-up review? Reviewers and administrators
 * other than the one who broke the glass and the request's own parties, each once, until the review
 * has its confirmations. It looks back at what happened, so the request's status does not matter.
 */
export function canConfirmBreakGlass(
  actor: UserActor,
  request: Pick<DecisionSubject, "agentOwnerEmail" | "onBehalfOf" | "policyChange">,
  breakGlass: { approver: string; confirmations: { confirmer: string }[] } | null,
): DecisionVerdict {
  if (!breakGlass) return { ok: false, code: "INVALID_STATE", reason: "Nobody broke the glass on this request; there is nothing to confirm." };
  if (followUpStatus(breakGlass) === "closed") {
    return { ok: false, code: "INVALID_STATE", reason: `The follow-up review is closed: it has its ${BREAK_GLASS_CONFIRMATIONS} confirmations.` };
  }
  if (!can(actor, "confirmBreakGlass")) {
    return { ok: false, code: "FORBIDDEN", reason: "Only reviewers and administrators may confirm a break-glass approval." };
  }
  if (sameEmail(actor.email, breakGlass.approver)) {
    return { ok: false, code: "SEPARATION_OF_DUTIES", reason: `You broke the glass on this request, so ${BREAK_GLASS_CONFIRMATIONS} other people must confirm it.` };
  }
  if (breakGlass.confirmations.some(({ confirmer }) => sameEmail(confirmer, actor.email))) {
    return { ok: false, code: "SEPARATION_OF_DUTIES", reason: "You have already confirmed this break-glass approval; each person counts once." };
  }
  return partyToRequest(actor, request) ?? { ok: true };
}

/** Where a request stands after a decision: one rejection rejects; the last stage's last approval approves. */
export function statusAfterDecisions(decisions: PriorDecision[], stages: readonly PolicyStage[]): "pending" | "approved" | "rejected" {
  if (decisions.some((decision) => decision.outcome === "reject")) return "rejected";
  const approvers = new Set(decisions.filter((d) => d.outcome === "approve").map((d) => d.deciderId.toLowerCase()));
  return stageProgress(stages, approvers.size).current === null ? "approved" : "pending";
}
