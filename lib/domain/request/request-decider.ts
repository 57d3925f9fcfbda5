import type { AgentActor, SystemActor, UserActor } from "../actor";
import type { MaskedActionRequest } from "../mask-action-request";
import { can } from "../permissions";
import { legacyEvaluation } from "../policy/default-policy";
import type { PolicyEvaluation } from "../policy/evaluate";
import { explainPolicyEvaluation } from "../policy/explain";
import { isPolicyChange } from "../policy/policy-change";
import { frozenReason, type Freeze } from "../freeze";
import { sealingStalledReason, type SealingStall } from "../sealing-stall";
import { toRecordedActor, type RecordedActor } from "../recorded-actor";
import { canTransition, hasLapsed, type RequestStatus } from "../request-status";
import {
  canBreakGlass,
  canConfirmBreakGlass,
  canDecide,
  statusAfterDecisions,
  type DecisionRefusalCode,
  type DecisionSubject,
  type PriorDecision,
} from "../separation-of-duties";
import { assessRisk } from "./assess-risk";
import { BREAK_GLASS_CONFIRMATIONS, type BreakGlass } from "./break-glass";
import type { RequestEvent, RequestEventData } from "./request-events";
import { stageGroups, stageProgress, totalApprovals } from "./stage-progress";

/**
 * The action request's lifecycle as one decider (emmett's shape): `decide` turns a command into events
 * or a refusal, `evolve` folds events into state. Every verb that changes a request goes through here,
 * so a new state or rule touches this file and its events, and nothing else decides.
 */

/** How long a grant lets the agent start the approved action, unless the matched rule says otherwise. */
export const GRANT_TTL_SECONDS = 3600;

type MaskedFields = Omit<MaskedActionRequest, "counts" | "reasons">;

export type RequestState = MaskedFields & {
  id: string;
  status: RequestStatus;
  agentId: string;
  idempotencyKey: string;
  bodyHash: string;
  onBehalfOf: string | null;
  payloadDigest: string;
  masking: Record<string, number>;
  /** Null only between `request.created` and `policy.evaluated`, which one command writes together. */
  policy: { id: string; version: number; requiredApprovals: number; approverGroups: string[]; evaluation: PolicyEvaluation } | null;
  createdAt: Date;
  expiresAt: Date;
  decidedAt: Date | null;
  updatedAt: Date;
  decisions: PriorDecision[];
  grant: { id: string; kid: string; approvers: string[]; issuedAt: Date; expiresAt: Date } | null;
  /** Set once someone broke the glass: who, and who has confirmed it in the follow-up review. */
  breakGlass: BreakGlass | null;
  /** The thread, as much as replies and "answered" need: who asked, which thread, whether answered. */
  comments: CommentState[];
};

export type CommentState = { id: string; authorId: string; replyTo: string | null; resolved: boolean };

export type RequestCommand =
  | {
      type: "SubmitRequest";
      actor: AgentActor;
      data: MaskedFields & {
        requestId: string;
        onBehalfOf: string | null;
        payloadDigest: string;
        masking: { counts: Record<string, number>; reasons?: Record<string, Record<string, number>>; engineVersion: string };
        idempotencyKey: string;
        bodyHash: string;
        /** The policy version that governs the request and how it evaluated this request (the verb evaluates). */
        policy: PolicyDecision;
        /** Ids for what the policy may decide at once: its decision and the grant. */
        decisionId: string;
        grantId: string;
      };
    }
  | {
      type: "DecideRequest";
      actor: UserActor;
      data: { outcome: "approve" | "reject"; reason: string | null; masking?: { counts: Record<string, number> }; decisionId: string; grantId: string };
    }
  | {
      /** Approve alone, at once, where the rule allows break-glass; the reason is mandatory. */
      type: "BreakGlass";
      actor: UserActor;
      data: { reason: string | null; masking?: { counts: Record<string, number> }; decisionId: string; grantId: string };
    }
  | { type: "ConfirmBreakGlass"; actor: UserActor }
  | {
      type: "AddComment";
      actor: UserActor;
      /** `mentions`: emails of the people the verb found mentioned; `replyTo`: the comment answered. */
      data: { commentId: string; body: string; masking: { counts: Record<string, number> }; replyTo?: string | null; mentions?: string[] };
    }
  /** Marks a question (a comment that starts a thread) answered. */
  | { type: "ResolveComment"; actor: UserActor; data: { commentId: string } }
  | { type: "CancelRequest"; actor: AgentActor | SystemActor | UserActor; data: { reason: "withdrawn-by-agent" | "agent-revoked" } }
  | { type: "ExpireRequest"; actor: SystemActor }
  /** A high-risk auto-approval held while sealing stalled, approved now that it has recovered. */
  | { type: "ReleaseHeldApproval"; actor: SystemActor; data: { policyName: string; decisionId: string; grantId: string } }
  | {
      type: "ReportExecution";
      actor: AgentActor;
      data: {
        outcome: "succeeded" | "failed";
        detail: string | null;
        masking?: { counts: Record<string, number> };
        /** The presented grant's claims once its signature checked out; null when it did not. */
        presentedGrant: { grantId: unknown; payloadDigest: unknown } | null;
      };
    };

export type PolicyDecision = { id: string; version: number; name: string; evaluation: PolicyEvaluation };

/** What the decider needs from outside the request's stream; it reads no clock and does no I/O. */
export type DecideContext = {
  now: Date;
  /** The requesting agent, as the database says now: its owner may not decide, a revoked one gets nothing. */
  agent: { ownerEmail: string; revokedAt: Date | null };
  /** Set while approvals are frozen: no decisions, and new requests are rejected with its message. */
  freeze: Freeze | null;
  /** Set while sealing has stalled: high-risk rules issue no grant. */
  sealingStall: SealingStall | null;
  /** The kid of the key that will sign a grant, recorded on `grant.issued`. */
  signingKeyId: string;
};

export type RefusalCode = DecisionRefusalCode | "NOT_FOUND" | "INVALID_GRANT" | "VALIDATION" | "SEALING_STALLED";
/** A refusal may name the event that records it (`decision.refused`), which the caller appends on its own. */
export type DecideResult =
  | { ok: true; events: RequestEvent[] }
  | { ok: false; code: RefusalCode; reason: string; refusal?: Extract<RequestEvent, { type: "decision.refused" }> };

const refuse = (code: RefusalCode, reason: string): DecideResult => ({ ok: false, code, reason });

export function decide(state: RequestState | null, command: RequestCommand, context: DecideContext): DecideResult {
  if (command.type === "SubmitRequest") {
    if (state) return refuse("INVALID_STATE", "This request already exists.");
    if (context.agent.revokedAt) return refuse("AGENT_REVOKED", "The agent has been revoked; it can no longer make requests.");
    return { ok: true, events: submit(command, context) };
  }
  if (!state?.policy) return refuse("NOT_FOUND", "No request has that id.");
  const policy = state.policy;
  const { now } = context;
  const event = <T extends RequestEvent["type"]>(type: T, actor: RecordedActor, data: RequestEventData<T>) =>
    ({ type, requestId: state.id, actor, occurredAt: now, data }) as RequestEvent;

  const subject: DecisionSubject = {
    ...state,
    stages: policy.evaluation.stages,
    stepUpMinutes: policy.evaluation.stepUpMinutes,
    breakGlass: policy.evaluation.breakGlass,
    freeze: context.freeze,
    policyChange: isPolicyChange(state),
    agentOwnerEmail: context.agent.ownerEmail,
    agentRevokedAt: context.agent.revokedAt,
  };
  // A refusal of a person's attempt names its decision.refused event, which the caller appends on its own.
  const refused = (actor: UserActor, outcome: RequestEventData<"decision.refused">["outcome"], verdict: { code: DecisionRefusalCode | "SEALING_STALLED"; reason: string }): DecideResult => ({
    ok: false,
    ...verdict,
    refusal: { type: "decision.refused", requestId: state.id, actor: toRecordedActor(actor), occurredAt: now, data: { outcome, code: verdict.code, reason: verdict.reason } },
  });

  switch (command.type) {
    case "DecideRequest": {
      const { actor, data } = command;
      const { stages, reasonRequired } = policy.evaluation;
      const verdict = canDecide(actor, subject, state.decisions, now);
      if (!verdict.ok) return refused(actor, data.outcome, verdict);
      if (reasonRequired[data.outcome] && !data.reason) {
        return refuse("VALIDATION", `The policy rule "${policy.evaluation.rule}" requires a reason to ${data.outcome}.`);
      }
      const stage = stageProgress(stages, state.decisions.filter((d) => d.outcome === "approve").length).current;
      const decisions = [...state.decisions, { deciderId: actor.email, outcome: data.outcome }];
      const settles = statusAfterDecisions(decisions, stages);
      const approvers = decisions.filter((d) => d.outcome === "approve").map((d) => d.deciderId);
      const recorded = toRecordedActor(actor);
      // Only the approval that would issue the grant is held back: earlier stages and rejections grant nothing.
      const withheld = settles === "approved" ? grantWithheld(policy.evaluation, context) : null;
      if (withheld) return refused(actor, data.outcome, withheld);
      return {
        ok: true,
        events: [
          event(data.outcome === "approve" ? "decision.approved" : "decision.rejected", recorded, {
            reason: data.reason,
            approvals: approvers.length,
            requiredApprovals: policy.requiredApprovals,
            ...(data.masking && { masking: data.masking }),
            decisionId: data.decisionId,
            deciderName: actor.name,
            ...(stage !== null && { stage: stage + 1 }),
          }),
          ...settlement(state, settles, recorded, approvers, data.grantId, context),
        ],
      };
    }
    case "BreakGlass": {
      const { actor, data } = command;
      const verdict = canBreakGlass(actor, subject, state.decisions, now);
      if (!verdict.ok) return refused(actor, "break-glass", verdict);
      if (!data.reason) return refuse("VALIDATION", "Breaking the glass needs a reason: why quorum cannot be reached in time.");
      // Breaking the glass issues the grant at once, so a high-risk rule withholds it like a final approval.
      const withheld = grantWithheld(policy.evaluation, context);
      if (withheld) return refused(actor, "break-glass", withheld);
      const approvers = [...state.decisions.filter((d) => d.outcome === "approve").map((d) => d.deciderId), actor.email];
      const recorded = toRecordedActor(actor);
      return {
        ok: true,
        events: [
          event("decision.break_glass", recorded, {
            reason: data.reason,
            approvals: approvers.length,
            requiredApprovals: policy.requiredApprovals,
            ...(data.masking && { masking: data.masking }),
            decisionId: data.decisionId,
            deciderName: actor.name,
            rule: policy.evaluation.rule,
            groups: policy.evaluation.breakGlass?.groups ?? [],
          }),
          ...settlement(state, "approved", recorded, approvers, data.grantId, context),
        ],
      };
    }
    case "ConfirmBreakGlass": {
      const { actor } = command;
      const verdict = canConfirmBreakGlass(actor, subject, state.breakGlass);
      if (!verdict.ok) return refused(actor, "confirm-break-glass", verdict);
      const confirmations = (state.breakGlass?.confirmations.length ?? 0) + 1;
      return {
        ok: true,
        events: [event("break_glass.confirmed", toRecordedActor(actor), { confirmerName: actor.name, confirmations, requiredConfirmations: BREAK_GLASS_CONFIRMATIONS })],
      };
    }
    case "AddComment": {
      if (!can(command.actor, "comment")) return refuse("FORBIDDEN", "Your role is read-only; it cannot comment.");
      const { commentId, body, masking, replyTo, mentions = [] } = command.data;
      let thread: string | undefined;
      if (replyTo) {
        const answered = state.comments.find((c) => c.id === replyTo);
        if (!answered) return refuse("NOT_FOUND", "The comment you are replying to is not on this request.");
        // Threads are one level deep, as in a code review: a reply to a reply joins the same thread.
        thread = answered.replyTo ?? answered.id;
      }
      const data = { commentId, body, masking, authorName: command.actor.name, ...(thread && { replyTo: thread }), ...(mentions.length > 0 && { mentions }) };
      return { ok: true, events: [event("comment.added", toRecordedActor(command.actor), data)] };
    }
    case "ResolveComment": {
      const { actor } = command;
      const question = state.comments.find((c) => c.id === command.data.commentId);
      if (!question) return refuse("NOT_FOUND", "No comment on this request has that id.");
      if (!can(actor, "comment")) return refuse("FORBIDDEN", "Your role is read-only; it cannot mark questions answered.");
      if (question.replyTo) return refuse("INVALID_STATE", "Only a comment that starts a thread can be marked answered.");
      if (question.resolved) return refuse("INVALID_STATE", "This question is already marked answered.");
      if (question.authorId !== actor.id && !actor.roles.includes("reviewer")) {
        return refuse("FORBIDDEN", "Only the person who asked or a reviewer can mark a question answered.");
      }
      return { ok: true, events: [event("comment.resolved", toRecordedActor(actor), { commentId: question.id, resolverName: actor.name })] };
    }
    case "CancelRequest": {
      if (!canTransition(state.status, "cancelled")) {
        return refuse("INVALID_STATE", `The request is ${state.status}; only a pending request can be cancelled.`);
      }
      // Past its expiry it is expired, whether or not the sweep has recorded that yet.
      if (hasLapsed(state, now)) return refuse("INVALID_STATE", "The request has expired; it can no longer be cancelled.");
      return { ok: true, events: [event("request.cancelled", toRecordedActor(command.actor), { reason: command.data.reason })] };
    }
    case "ExpireRequest": {
      if (!hasLapsed(state, now)) return refuse("INVALID_STATE", `The request is ${state.status} and not past its expiry.`);
      return { ok: true, events: [event("request.expired", toRecordedActor(command.actor), { expiresAt: state.expiresAt.toISOString() })] };
    }
    case "ReleaseHeldApproval": {
      if (state.status !== "pending" || policy.evaluation.outcome !== "auto-approve") return refuse("INVALID_STATE", `The request is ${state.status} and not held by an automatic approval.`);
      if (hasLapsed(state, now)) return refuse("INVALID_STATE", "The request has expired; it can no longer be approved.");
      if (context.freeze) return refuse("FROZEN", frozenReason(context.freeze));
      if (context.agent.revokedAt) return refuse("AGENT_REVOKED", "The agent that made this request has been revoked; it can no longer be approved.");
      const withheld = grantWithheld(policy.evaluation, context);
      if (withheld) return { ok: false, ...withheld };
      const policyActor = toRecordedActor({ kind: "system", id: "policy" });
      return {
        ok: true,
        events: [
          event("decision.approved", policyActor, {
            reason: explainPolicyEvaluation(policy.evaluation),
            approvals: 0,
            requiredApprovals: policy.requiredApprovals,
            decisionId: command.data.decisionId,
            deciderName: command.data.policyName,
          }),
          ...settlement(state, "approved", policyActor, [], command.data.grantId, context),
        ],
      };
    }
    case "ReportExecution": {
      const { outcome, detail, masking, presentedGrant } = command.data;
      if (state.status === "executed" || state.status === "failed") return refuse("INVALID_STATE", "An execution was already reported for this request.");
      if (!canTransition(state.status, outcome === "succeeded" ? "executed" : "failed")) {
        return refuse("INVALID_STATE", `The request is ${state.status}; execution can only be reported after approval.`);
      }
      if (!state.grant) throw new Error("approved request has no grant");
      // The very grant issued for this request: its id and the payload digest it was bound to.
      if (presentedGrant?.grantId !== state.grant.id || presentedGrant.payloadDigest !== state.payloadDigest) {
        return refuse("INVALID_GRANT", "The grant is not the one issued for this request.");
      }
      return {
        ok: true,
        events: [event("execution.reported", toRecordedActor(command.actor), { outcome, detail, grantId: state.grant.id, ...(masking && { masking }) })],
      };
    }
    default:
      return assertNever(command);
  }
}

/** A new request: what it asks, how the policy answered, and, when the policy decides at once, that decision. */
function submit(command: Extract<RequestCommand, { type: "SubmitRequest" }>, context: DecideContext): RequestEvent[] {
  const { data } = command;
  const { now } = context;
  const { requestId, policy, decisionId, grantId, ...request } = data;
  const { evaluation } = policy;
  // During a freeze nothing is approved or waits: the request is rejected with the freeze's message.
  // A high-risk automatic approval while sealing has stalled waits instead, until the worker releases it.
  const held = !context.freeze && evaluation.outcome === "auto-approve" ? grantWithheld(evaluation, context) : null;
  const status = context.freeze || evaluation.outcome === "deny" ? "rejected" : evaluation.outcome === "auto-approve" && !held ? "approved" : "pending";
  const explanation = explainPolicyEvaluation(evaluation);
  const requiredApprovals = totalApprovals(evaluation.stages);
  const policyActor = toRecordedActor({ kind: "system", id: "policy" });
  // The risk as assessed at submission is sealed with the request, so an evidence pack can stratify
  // its sample by it and a verifier re-perform that from the events alone.
  const risk = assessRisk(request, evaluation);
  const created: RequestEvent = { type: "request.created", requestId, actor: toRecordedActor(command.actor), occurredAt: now, data: { agentId: command.actor.id, ...request, risk } };
  const evaluated: RequestEvent = {
    type: "policy.evaluated",
    requestId,
    actor: policyActor,
    occurredAt: now,
    data: {
      policyId: policy.id,
      policyVersion: policy.version,
      outcome: status,
      requiredApprovals,
      approverGroups: stageGroups(evaluation.stages),
      expiresAt: new Date(now.getTime() + evaluation.ttlSeconds * 1000).toISOString(),
      explanation,
      evaluation,
    },
  };
  if (held) {
    // The refused automatic approval is on record, like a person's refused vote.
    return [created, evaluated, { type: "decision.refused", requestId, actor: policyActor, occurredAt: now, data: { outcome: "approve", ...held } }];
  }
  if (status === "pending") return [created, evaluated];
  // A policy that decides at once is recorded like a person's decision.
  const state = evolve(evolve(null, created), evaluated);
  return [
    created,
    evaluated,
    {
      type: status === "approved" ? "decision.approved" : "decision.rejected",
      requestId,
      actor: policyActor,
      occurredAt: now,
      // A denial tells the agent the rule's message; an automatic approval says which rule allowed it.
      data: {
        reason: context.freeze ? frozenReason(context.freeze) : (evaluation.message ?? explanation),
        approvals: 0,
        requiredApprovals,
        decisionId,
        deciderName: policy.name,
      },
    },
    ...settlement(state, status, policyActor, [], grantId, context),
  ];
}

/** Why a grant under this evaluation may not be issued now, if it may not: a high-risk rule while sealing has stalled. */
function grantWithheld(evaluation: PolicyEvaluation, context: DecideContext): { code: "SEALING_STALLED"; reason: string } | null {
  if (!evaluation.highRisk || !context.sealingStall) return null;
  return { code: "SEALING_STALLED", reason: sealingStalledReason(context.sealingStall) };
}

/** A decision that settles the request says so; an approval that does also issues the grant. */
function settlement(
  state: RequestState,
  settles: "pending" | "approved" | "rejected",
  actor: RecordedActor,
  approvers: string[],
  grantId: string,
  context: DecideContext,
): RequestEvent[] {
  if (settles === "pending") return [];
  const { now } = context;
  const settled: RequestEvent = { type: `request.${settles}`, requestId: state.id, actor, occurredAt: now, data: { approvers } };
  if (settles === "rejected") return [settled];
  // Whole seconds, as the grant's `iat` and `exp` claims state them.
  const validity = state.policy?.evaluation.grantValiditySeconds ?? GRANT_TTL_SECONDS;
  const expiresAt = new Date((Math.floor(now.getTime() / 1000) + validity) * 1000);
  return [
    settled,
    {
      type: "grant.issued",
      requestId: state.id,
      actor: toRecordedActor({ kind: "system", id: "countersign" }),
      occurredAt: now,
      data: { grantId, kid: context.signingKeyId, payloadDigest: state.payloadDigest, approvers, expiresAt: expiresAt.toISOString() },
    },
  ];
}

export function evolve(state: RequestState | null, event: RequestEvent): RequestState {
  if (event.type === "request.created") {
    const { agentId, action, resource, environment, summary, reasoning, parameters, context, change, onBehalfOf, payloadDigest, masking } = event.data;
    return {
      id: event.requestId,
      status: "pending",
      agentId,
      idempotencyKey: event.data.idempotencyKey ?? `unrecorded:${event.requestId}`,
      bodyHash: event.data.bodyHash ?? `unrecorded:${event.requestId}`,
      action,
      resource,
      environment,
      summary,
      reasoning,
      parameters,
      context: context ?? null,
      change: change ?? null,
      onBehalfOf,
      payloadDigest,
      masking: masking.counts,
      policy: null,
      createdAt: event.occurredAt,
      expiresAt: event.occurredAt,
      decidedAt: null,
      updatedAt: event.occurredAt,
      decisions: [],
      grant: null,
      breakGlass: null,
      comments: [],
    };
  }
  if (!state) throw new Error(`${event.type} before request.created on request ${event.requestId}`);
  // A refused attempt records who tried, and changes nothing (not even updatedAt).
  if (event.type === "decision.refused") return state;
  const next = { ...state, updatedAt: event.occurredAt };
  switch (event.type) {
    case "policy.evaluated": {
      const { policyId, policyVersion, requiredApprovals, approverGroups, expiresAt } = event.data;
      // Requests from before policy documents were decided by one quorum, which their event states.
      const evaluation =
        (event.data.evaluation as PolicyEvaluation | undefined) ??
        legacyEvaluation(requiredApprovals, approverGroups, Math.round((Date.parse(expiresAt) - state.createdAt.getTime()) / 1000));
      return { ...next, policy: { id: policyId, version: policyVersion, requiredApprovals, approverGroups, evaluation }, expiresAt: new Date(expiresAt) };
    }
    case "decision.approved":
    case "decision.rejected":
      return { ...next, decisions: [...state.decisions, { deciderId: deciderOf(state, event).id, outcome: event.type === "decision.approved" ? "approve" : "reject" }] };
    case "decision.break_glass":
      return {
        ...next,
        decisions: [...state.decisions, { deciderId: event.actor.id, outcome: "approve" }],
        breakGlass: { approver: event.actor.id, approverName: event.data.deciderName ?? null, at: event.occurredAt, confirmations: [] },
      };
    case "break_glass.confirmed": {
      if (!state.breakGlass) throw new Error(`break_glass.confirmed before decision.break_glass on request ${event.requestId}`);
      const confirmation = { confirmer: event.actor.id, confirmerName: event.data.confirmerName, at: event.occurredAt };
      return { ...next, breakGlass: { ...state.breakGlass, confirmations: [...state.breakGlass.confirmations, confirmation] } };
    }
    case "request.approved":
      return { ...next, status: "approved", decidedAt: event.occurredAt };
    case "request.rejected":
      return { ...next, status: "rejected", decidedAt: event.occurredAt };
    case "request.cancelled":
      return { ...next, status: "cancelled", decidedAt: event.occurredAt };
    case "request.expired":
      return { ...next, status: "expired", decidedAt: event.occurredAt };
    case "grant.issued": {
      const { grantId, kid, approvers, expiresAt } = event.data;
      return { ...next, grant: { id: grantId, kid, approvers, issuedAt: event.occurredAt, expiresAt: new Date(expiresAt) } };
    }
    case "execution.reported":
      return { ...next, status: event.data.outcome === "succeeded" ? "executed" : "failed" };
    case "comment.added":
      return { ...next, comments: [...state.comments, { id: event.data.commentId, authorId: event.actor.id, replyTo: event.data.replyTo ?? null, resolved: false }] };
    case "comment.resolved":
      return { ...next, comments: state.comments.map((c) => (c.id === event.data.commentId ? { ...c, resolved: true } : c)) };
    default:
      return assertNever(event);
  }
}

/** Who made a decision, as its row records them: a person by email, or the policy version that decided. */
export function deciderOf(state: RequestState, event: Extract<RequestEvent, { type: "decision.approved" | "decision.rejected" | "decision.break_glass" }>) {
  if (event.actor.kind === "user") return { kind: "user" as const, id: event.actor.id };
  if (event.actor.kind === "system" && event.actor.id === "policy" && state.policy) {
    return { kind: "policy" as const, id: `policy:${state.policy.id}@${state.policy.version}` };
  }
  return { kind: "system" as const, id: event.actor.id };
}

function assertNever(value: never): never {
  throw new Error(`unhandled: ${JSON.stringify(value)}`);
}
