import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { actionRequests, agents, comments, decisions, events, grants, notifications, policies, requestViews } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { can } from "@/lib/domain/permissions";
import type { PolicyStage } from "@/lib/domain/policy/document";
import { explainPolicyEvaluation } from "@/lib/domain/policy/explain";
import { REQUEST_EVENT_SCHEMAS } from "@/lib/domain/request/request-events";
import type { TimelineEvent } from "@/lib/domain/request/since-last-looked";
import { stageProgress, type StageProgress } from "@/lib/domain/request/stage-progress";
import type { RequestStatus } from "@/lib/domain/request-status";
import { canBreakGlass, canConfirmBreakGlass, canDecide } from "@/lib/domain/separation-of-duties";
import { isUuid } from "@/lib/domain/uuid";
import { decisionSubjectOf } from "./decision-subject";
import { ServiceError } from "./errors";
import { readFreeze } from "./freeze-approvals";
import { breakGlassView, decisionView, requestContent, type BreakGlassView, type DecisionView, type RequestContent } from "./request-views";
import { requireCapability } from "./require-capability";
import type { RiskAssessment } from "@/lib/domain/request/assess-risk";

export type RequestDetail = {
  id: string;
  status: RequestStatus;
  payloadDigest: string;
  agent: { id: string; name: string; ownerEmail: string };
  policy: {
    id: string;
    version: number;
    name: string;
    /** The rule that matched, or "default". */
    rule: string;
    requiredApprovals: number;
    approverGroups: string[];
    stages: PolicyStage[];
    reasonRequired: { approve: boolean; reject: boolean };
    /** The matched rule's step-up: deciders must have signed in within this many minutes. */
    stepUpMinutes: number | null;
    /** Approvals received per stage, and the stage now taking decisions. */
    progress: StageProgress;
    explanation: string;
  };
  createdAt: string;
  expiresAt: string;
  decisions: DecisionView[];
  /**
   * Oldest first; a reply names the comment that starts its thread (`replyTo`). `notified`: who the
   * comment notified (mentions, the asker of a thread). `canResolve`: the viewer may mark it answered.
   */
  comments: {
    id: string;
    author: string;
    authorName: string | null;
    body: string;
    createdAt: string;
    replyTo: string | null;
    resolved: { at: string; by: string } | null;
    notified: string[];
    canResolve: boolean;
  }[];
  /** The request's events; agents are shown by name, people by email, the system by its role. */
  timeline: (TimelineEvent & { actorKind: string; occurredAt: string })[];
  grant: { issuedAt: string; expiresAt: string } | null;
  execution: { outcome: "succeeded" | "failed"; detail: string | null; reportedAt: string } | null;
  /** Set when someone approved alone under break-glass: who, when, and the follow-up review's confirmations. */
  breakGlass: BreakGlassView | null;
  /** What the policy engine's signals make of the request: a level and each reason in words. */
  risk: RiskAssessment;
  /**
   * Whether the viewer may decide now, and if not, why: the same rules the decision verbs enforce.
   * `stepUpRequired`: only their sign-in's age stands in the way, which signing in again clears. The
   * break-glass entries are null where they do not apply (a rule without break-glass, nobody broke the glass).
   */
  viewer: {
    canDecide: boolean;
    reason: string | null;
    stepUpRequired: boolean;
    canComment: boolean;
    /** The newest event the viewer had seen when they last looked (null: never looked before). */
    lastSeenEventId: number | null;
    breakGlass: { allowed: boolean; reason: string | null } | null;
    confirmBreakGlass: { allowed: boolean; reason: string | null } | null;
  };
  /** Why structures named masked values, by kind ("field `dob`": 2), as the request's creation recorded it; empty before engine 1.2.0. */
  maskingReasons: Record<string, Record<string, number>>;
} & RequestContent;

/** The masking reasons `request.created` recorded (the row keeps counts only: the agent API's shape). */
function maskingReasons(eventRows: Array<{ type: string; data: unknown }>): Record<string, Record<string, number>> {
  const created = eventRows.find((e) => e.type === "request.created");
  const parsed = created ? REQUEST_EVENT_SCHEMAS["request.created"].safeParse(created.data) : undefined;
  return parsed?.success ? (parsed.data.masking.reasons ?? {}) : {};
}

/** Everything the request page shows, for one signed-in viewer. */
export async function getRequestDetail(db: Executor, actor: UserActor, requestId: string): Promise<RequestDetail> {
  requireCapability(actor, "readRequests");
  if (!isUuid(requestId)) throw new ServiceError("NOT_FOUND", "No request has that id.");
  const [row] = await db
    .select({ request: actionRequests, agent: agents, policy: policies })
    .from(actionRequests)
    .innerJoin(agents, eq(agents.id, actionRequests.agentId))
    .innerJoin(policies, and(eq(policies.id, actionRequests.policyId), eq(policies.version, actionRequests.policyVersion)))
    .where(eq(actionRequests.id, requestId));
  if (!row) throw new ServiceError("NOT_FOUND", "No request has that id.");
  const { request, agent, policy } = row;
  const [decisionRows, commentRows, eventRows, grantRows, notifiedRows, viewRows] = await Promise.all([
    db.select().from(decisions).where(eq(decisions.requestId, requestId)).orderBy(asc(decisions.decidedAt)),
    db.select().from(comments).where(eq(comments.requestId, requestId)).orderBy(asc(comments.createdAt)),
    db.select().from(events).where(and(eq(events.streamType, "request"), eq(events.streamId, requestId))).orderBy(asc(events.id)),
    db.select().from(grants).where(eq(grants.requestId, requestId)),
    db.select({ commentId: notifications.commentId, recipient: notifications.recipient }).from(notifications).where(eq(notifications.requestId, requestId)).orderBy(asc(notifications.recipient)),
    db.select({ lastEventId: requestViews.lastEventId }).from(requestViews).where(and(eq(requestViews.userId, actor.email.toLowerCase()), eq(requestViews.requestId, requestId))),
  ]);
  const canComment = can(actor, "comment");
  const grant = grantRows[0];
  const { stages } = request.policyEvaluation;
  const subject = decisionSubjectOf(request, agent, await readFreeze(db));
  const now = new Date();
  const verdict = canDecide(actor, subject, decisionRows, now);
  const breakGlassVerdict = canBreakGlass(actor, subject, decisionRows, now);
  const confirmVerdict = canConfirmBreakGlass(actor, subject, request.breakGlass);
  const approvals = decisionRows.filter((d) => d.outcome === "approve" && d.deciderKind === "user").length;
  return {
    id: request.id,
    status: request.status,
    ...requestContent(request),
    payloadDigest: request.payloadDigest,
    agent: { id: agent.id, name: agent.name, ownerEmail: agent.ownerEmail },
    policy: {
      id: policy.id,
      version: policy.version,
      name: policy.name,
      rule: request.policyEvaluation.rule,
      requiredApprovals: request.requiredApprovals,
      approverGroups: request.approverGroups,
      stages,
      reasonRequired: request.policyEvaluation.reasonRequired,
      stepUpMinutes: request.policyEvaluation.stepUpMinutes,
      progress: stageProgress(stages, approvals),
      explanation: explainPolicyEvaluation(request.policyEvaluation),
    },
    createdAt: request.createdAt.toISOString(),
    expiresAt: request.expiresAt.toISOString(),
    decisions: decisionRows.map(decisionView),
    comments: commentRows.map((c) => ({
      id: c.id,
      author: c.authorId,
      authorName: c.authorName,
      body: c.body,
      createdAt: c.createdAt.toISOString(),
      replyTo: c.replyTo,
      resolved: c.resolvedAt && c.resolvedBy ? { at: c.resolvedAt.toISOString(), by: c.resolvedBy } : null,
      notified: notifiedRows.filter((n) => n.commentId === c.id).map((n) => n.recipient),
      // The rule ResolveComment enforces: a thread's first comment, not yet answered, by its asker or a reviewer.
      canResolve: canComment && !c.replyTo && !c.resolvedAt && (c.authorId === actor.id || actor.roles.includes("reviewer")),
    })),
    timeline: eventRows.map((e) => ({
      id: e.id,
      type: e.type,
      actor: e.actor.kind === "agent" && e.actor.id === agent.id ? agent.name : e.actor.id,
      actorKind: e.actor.kind,
      occurredAt: e.occurredAt.toISOString(),
      // An approval's stage, for "since you last looked" to say when a stage completed.
      stage: typeof e.data.stage === "number" ? e.data.stage : null,
    })),
    grant: grant ? { issuedAt: grant.issuedAt.toISOString(), expiresAt: grant.expiresAt.toISOString() } : null,
    execution: grant?.executionOutcome
      ? { outcome: grant.executionOutcome, detail: grant.executionDetail, reportedAt: grant.executedAt!.toISOString() }
      : null,
    breakGlass: breakGlassView(request),
    risk: request.risk,
    maskingReasons: maskingReasons(eventRows),
    viewer: {
      canDecide: verdict.ok,
      reason: verdict.ok ? null : verdict.reason,
      stepUpRequired: !verdict.ok && verdict.code === "STEP_UP_REQUIRED",
      canComment,
      lastSeenEventId: viewRows[0]?.lastEventId ?? null,
      // Offered only where the rule allows it and while it could still be used; the verb checks again.
      breakGlass: request.policyEvaluation.breakGlass && request.status === "pending" ? { allowed: breakGlassVerdict.ok, reason: breakGlassVerdict.ok ? null : breakGlassVerdict.reason } : null,
      confirmBreakGlass: request.breakGlass ? { allowed: confirmVerdict.ok, reason: confirmVerdict.ok ? null : confirmVerdict.reason } : null,
    },
  };
}
