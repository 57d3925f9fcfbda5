import { z } from "zod";
import { RISK_LEVELS } from "./assess-risk";
import { ZRecordedActor, type RecordedActor } from "../recorded-actor";

/**
 * The events of one action request's stream, one zod schema per type: the shapes stored since the
 * first release. Fields added later are optional, so every stored event still parses and replays;
 * loose objects, because a stored event is never rewritten and a field a later version adds must not
 * make an older reader refuse it.
 */
const ZMaskingRecord = z.looseObject({
  counts: z.record(z.string(), z.number()),
  // Since engine 1.2.0: why structures named values (kind -> "field `dob`" -> n).
  reasons: z.record(z.string(), z.record(z.string(), z.number())).optional(),
});
const ZIsoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), "an ISO time");

export const REQUEST_EVENT_SCHEMAS = {
  "request.created": z.looseObject({
    agentId: z.string(),
    action: z.string(),
    resource: z.string(),
    environment: z.string(),
    summary: z.string(),
    reasoning: z.string().nullable(),
    parameters: z.unknown(),
    context: z.unknown(),
    change: z.unknown(),
    onBehalfOf: z.string().nullable(),
    payloadDigest: z.string(),
    masking: ZMaskingRecord.extend({ engineVersion: z.string() }),
    // Hashes only (of the Idempotency-Key, and keyed of the body), so the read model rebuilds from the
    // log; events written before they were recorded rebuild with a per-request stand-in.
    idempotencyKey: z.string().optional(),
    bodyHash: z.string().optional(),
    // Since evidence pack format 5: the risk assessed at submission (assessRisk), the sample's stratum.
    risk: z.looseObject({ level: z.enum(RISK_LEVELS), factors: z.array(z.looseObject({ kind: z.string(), level: z.string(), reason: z.string() })) }).optional(),
  }),
  "policy.evaluated": z.looseObject({
    policyId: z.string(),
    policyVersion: z.number().int(),
    outcome: z.enum(["pending", "approved", "rejected"]),
    requiredApprovals: z.number().int(),
    approverGroups: z.array(z.string()),
    expiresAt: ZIsoTime,
    explanation: z.string(),
    // Since policy documents: the whole evaluation (rule, stages, ttl, reason requirements, signals).
    evaluation: z
      .looseObject({
        rule: z.string(),
        outcome: z.enum(["deny", "auto-approve", "require"]),
        stages: z.array(z.looseObject({ approvals: z.number().int(), groups: z.array(z.string()) })),
        ttlSeconds: z.number().int(),
        reasonRequired: z.looseObject({ approve: z.boolean(), reject: z.boolean() }),
      })
      .optional(),
  }),
  "decision.approved": decisionData(),
  "decision.rejected": decisionData(),
  // One person approved alone because the matched rule allows break-glass: the reason is mandatory,
  // and the request is approved at once; its follow-up review then waits for confirmations.
  "decision.break_glass": decisionData().extend({ reason: z.string().min(1), rule: z.string(), groups: z.array(z.string()) }),
  // Someone other than the break-glass approver and the request's parties confirmed it was justified.
  "break_glass.confirmed": z.looseObject({
    confirmerName: z.string().nullable(),
    confirmations: z.number().int(),
    requiredConfirmations: z.number().int(),
  }),
  // A decision the decider refused (self-approval, second vote, wrong stage, auditor, frozen...): an
  // attempt auditors want to see. It changes no state, so replay skips it for the read models.
  "decision.refused": z.looseObject({
    // What was attempted: a vote, a break-glass approval, or a confirmation of one.
    outcome: z.enum(["approve", "reject", "break-glass", "confirm-break-glass"]),
    code: z.string(),
    reason: z.string(),
    masking: ZMaskingRecord.optional(),
  }),
  "request.approved": z.looseObject({ approvers: z.array(z.string()) }),
  "request.rejected": z.looseObject({ approvers: z.array(z.string()) }),
  "grant.issued": z.looseObject({
    grantId: z.string(),
    kid: z.string(),
    payloadDigest: z.string(),
    approvers: z.array(z.string()),
    expiresAt: ZIsoTime,
  }),
  "request.cancelled": z.looseObject({ reason: z.enum(["withdrawn-by-agent", "agent-revoked"]) }),
  "request.expired": z.looseObject({ expiresAt: ZIsoTime }),
  "execution.reported": z.looseObject({
    outcome: z.enum(["succeeded", "failed"]),
    detail: z.string().nullable(),
    grantId: z.string(),
    masking: ZMaskingRecord.optional(),
  }),
  "comment.added": z.looseObject({
    commentId: z.string(),
    body: z.string(),
    masking: ZMaskingRecord,
    authorName: z.string().nullable().optional(),
    // Since threaded comments: the comment that starts the thread this one replies to, and the
    // people (by email) it mentions, who are notified in the console.
    replyTo: z.string().optional(),
    mentions: z.array(z.string()).optional(),
  }),
  // A question (a comment that starts a thread) marked answered, by its author or a reviewer.
  "comment.resolved": z.looseObject({
    commentId: z.string(),
    resolverName: z.string().nullable(),
  }),
} as const;

function decisionData() {
  return z.looseObject({
    reason: z.string().nullable(),
    approvals: z.number().int(),
    requiredApprovals: z.number().int(),
    masking: ZMaskingRecord.optional(),
    // Recorded since decisions became events first: the read model's row id and the decider's name.
    decisionId: z.string().optional(),
    deciderName: z.string().nullable().optional(),
    // Since staged policies: the stage (1-based) this approval counted toward.
    stage: z.number().int().optional(),
  });
}

export type RequestEventType = keyof typeof REQUEST_EVENT_SCHEMAS;
export type RequestEventData<T extends RequestEventType> = z.infer<(typeof REQUEST_EVENT_SCHEMAS)[T]>;

/** One event of a request's stream, with what every event carries: the request, who, and when. */
export type RequestEvent = {
  [T in RequestEventType]: { type: T; requestId: string; actor: RecordedActor; occurredAt: Date; data: RequestEventData<T> };
}[RequestEventType];

function isRequestEventType(type: string): type is RequestEventType {
  return Object.hasOwn(REQUEST_EVENT_SCHEMAS, type);
}

/** A stored event, validated against its type's schema; a malformed one is a corrupt log, and throws. */
export function parseRequestEvent(stored: { type: string; streamId: string; actor: unknown; data: unknown; occurredAt: Date }): RequestEvent {
  const { type } = stored;
  if (!isRequestEventType(type)) throw new Error(`not a request event: ${type}`);
  return {
    type,
    requestId: stored.streamId,
    actor: ZRecordedActor.parse(stored.actor),
    occurredAt: stored.occurredAt,
    data: REQUEST_EVENT_SCHEMAS[type].parse(stored.data),
  } as RequestEvent;
}
