import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, smallint, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import type { PolicyEvaluation } from "@/lib/domain/policy/evaluate";
import type { RiskAssessment } from "@/lib/domain/request/assess-risk";
import type { FollowUpStatus } from "@/lib/domain/request/break-glass";
import { agents } from "./agents";

/** Read model of action requests, derived from `request.*` events in the same transaction. */
export const actionRequests = pgTable(
  "action_requests",
  {
    id: uuid().primaryKey(),
    agentId: uuid()
      .notNull()
      .references(() => agents.id),
    /** sha256 of the Idempotency-Key header: the header itself is agent-supplied text and not kept. */
    idempotencyKey: text().notNull(),
    /** HMAC-SHA256 (masking key) of the canonical JSON of the raw body, to tell an idempotent replay from a conflicting reuse. */
    bodyHash: text().notNull(),
    status: text().$type<RequestStatusColumn>().notNull(),
    action: text().notNull(),
    resource: text().notNull(),
    environment: text().notNull(),
    summary: text().notNull(),
    reasoning: text(),
    parameters: jsonb().$type<unknown>().notNull(),
    context: jsonb().$type<unknown>(),
    change: jsonb().$type<unknown>(),
    onBehalfOf: text(),
    payloadDigest: text().notNull(),
    masking: jsonb().$type<Record<string, number>>().notNull(),
    policyId: uuid().notNull(),
    policyVersion: integer().notNull(),
    requiredApprovals: integer().notNull(),
    approverGroups: jsonb().$type<string[]>().notNull(),
    /** What the policy decided and why: the rule that matched, its stages, ttl and reason requirements. */
    policyEvaluation: jsonb().$type<PolicyEvaluation>().notNull(),
    /** Set once someone broke the glass: who, when, the confirmations since, and whether the follow-up is open. */
    breakGlass: jsonb().$type<BreakGlassRecord>(),
    /** assessRisk of the request and its evaluation: level and reasons, shown as badges. */
    risk: jsonb().$type<RiskAssessment>().notNull(),
    /** The risk level as riskRank (none 0 … high 3), what the queue filters and sorts on. */
    riskRank: smallint().notNull(),
    /** While pending, the groups of the stage now taking decisions (canDecide's group rule); empty otherwise. */
    decidingGroups: text().array().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    decidedAt: timestamp({ withTimezone: true, mode: "date" }),
    updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    unique().on(t.agentId, t.idempotencyKey),
    index().on(t.status, t.createdAt),
    index().on(t.status, t.expiresAt),
    // Back-pressure counts one agent's recent requests and its pending ones on every submission.
    index().on(t.agentId, t.createdAt),
    // The auditor's overview reads a period of requests whatever their status.
    index().on(t.createdAt),
    index("action_requests_pending_agent_id_expires_at_index").on(t.agentId, t.expiresAt).where(sql`${t.status} = 'pending'`),
    // The queue's follow-up tab: break-glass approvals still waiting for their confirmations.
    index("action_requests_open_follow_up_created_at_index").on(t.createdAt).where(sql`${t.breakGlass}->>'followUp' = 'open'`),
    // The queue's orders across every status (the All tab): newest or oldest first, and time left.
    index().on(t.createdAt, t.id),
    index().on(t.expiresAt, t.id),
    // The queue's risk sort and filter, across statuses and within one.
    index().on(t.riskRank, t.createdAt, t.id),
    index().on(t.status, t.riskRank, t.createdAt, t.id),
    // "Waiting for me": pending requests whose current stage one of my groups decides.
    index("action_requests_pending_deciding_groups_index").using("gin", t.decidingGroups).where(sql`${t.status} = 'pending'`),
    // The queue's search: substrings of summary, action and resource (pg_trgm).
    index("action_requests_summary_trgm_index").using("gin", t.summary.op("gin_trgm_ops")),
    index("action_requests_action_trgm_index").using("gin", t.action.op("gin_trgm_ops")),
    index("action_requests_resource_trgm_index").using("gin", t.resource.op("gin_trgm_ops")),
    // The queue's policy-rule filter.
    index("action_requests_policy_rule_index").on(sql`(${t.policyEvaluation}->>'rule')`),
  ],
);

type RequestStatusColumn = "pending" | "approved" | "rejected" | "expired" | "cancelled" | "executed" | "failed";

export type BreakGlassRecord = {
  approver: string;
  approverName: string | null;
  at: string;
  confirmations: { confirmer: string; confirmerName: string | null; at: string }[];
  followUp: FollowUpStatus;
};
