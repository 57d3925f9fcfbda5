// Type-only: the console API's response shapes, as the services define them. Nothing here runs.
import type { AuditEvent, AuditEventPage } from "@/lib/services/list-audit-events";
import type { QueueItem } from "@/lib/services/list-queue";
import type { QueueCounts } from "@/lib/services/count-queue";
import type { QueueFilter, QueueSearch, QueueSort, QueueView } from "@/lib/domain/queue-search";
import type { BulkRejectOutcome } from "@/lib/services/reject-action-requests";
import type { RiskAssessment, RiskFactor, RiskLevel } from "@/lib/domain/request/assess-risk";
import type { RequestDetail } from "@/lib/services/get-request-detail";
import type { ChainStatus } from "@/lib/services/verify-event-chain";
import type { DecisionResult } from "@/lib/services/decide-action-request";
import type { ConfirmationResult } from "@/lib/services/confirm-break-glass";
import type { PolicyDraftCheck } from "@/lib/services/check-policy-draft";
import type { ProposedPolicyChange } from "@/lib/services/propose-policy-change";
import type { PendingPolicyChange, PolicyVersions, PolicyVersionView } from "@/lib/services/read-policy-versions";
import type { RoleHolder } from "@/lib/services/list-role-holders";
import type { PolicyDraftTrial, TestRequest } from "@/lib/services/trial-policy-draft";
import type { CreatedAgent } from "@/lib/services/create-agent";
import type { RotatedKey } from "@/lib/services/issue-api-key";
import type { AgentSummary } from "@/lib/services/list-agents";
import type { RevokedAgent } from "@/lib/services/revoke-agent";
import type { Freeze } from "@/lib/domain/freeze";
import type { NotificationInbox, NotificationItem } from "@/lib/services/list-notifications";
import type { AddedWebhook } from "@/lib/services/add-webhook";
import type { DeliveryView } from "@/lib/services/list-webhook-deliveries";
import type { WebhookSummary } from "@/lib/services/list-webhooks";
import type { TeamsConversationSummary } from "@/lib/services/list-teams-conversations";

export type { AgentSummary, CreatedAgent, RevokedAgent, RotatedKey };
export type { AuditEvent, AuditEventPage, ChainStatus, ConfirmationResult, DecisionResult, QueueCounts, QueueFilter, QueueItem, QueueSearch, QueueSort, QueueView, RequestDetail };
export type { BulkRejectOutcome, RiskAssessment, RiskFactor, RiskLevel };
export type { NotificationInbox, NotificationItem };
export type { PendingPolicyChange, PolicyDraftCheck, PolicyDraftTrial, PolicyVersions, PolicyVersionView, ProposedPolicyChange, RoleHolder, TestRequest };

/** The freeze switch as `/api/console/freeze` sends it: null while approvals are not frozen. */
export type FreezeState = { freeze: (Omit<Freeze, "frozenAt"> & { frozenAt: string }) | null };

export type AgentInput = { name: string; ownerEmail: string };

export type { AddedWebhook, DeliveryView, TeamsConversationSummary, WebhookSummary };

/** `/api/console/admin/webhooks`: the subscriptions in force and the key receivers verify v1a with. */
export type WebhookList = { publicKey: string; webhooks: WebhookSummary[] };

/** A new subscription as the form sends it: `events` comma-separated, empty for every event. */
export type WebhookInput = { url: string; events: string; signing: "ed25519" | "hmac" };
export type ChatTargetInput = { provider: "slack" | "teams"; target: string };

/** A page of a queue view as `/api/console/queue` sends it; `nextCursor` fetches the following page; `total` is on the first page. */
export type QueuePageResponse = { items: QueueItem[]; nextCursor: string | null; total: number | null };

/** Audit log filters as the form holds them: strings, empty meaning "any". Dates are `YYYY-MM-DD`. */
export type AuditEventsFilter = { type?: string; streamId?: string; actor?: string; from?: string; to?: string };

export type DecisionInput = { outcome: "approve" | "reject" | "break-glass"; reason?: string };

/** A new comment, or with `replyTo` a reply in the thread that comment starts. */
export type CommentInput = { body: string; replyTo?: string };
