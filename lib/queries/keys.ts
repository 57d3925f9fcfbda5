import type { AuditPeriodPreset } from "@/lib/domain/audit/overview";
import type { AuditEventsFilter, QueueView } from "./types";

/** Every console query key, in one place so mutations invalidate exactly what they change. */
export const consoleKeys = {
  all: ["console"] as const,
  queues: () => [...consoleKeys.all, "queue"] as const,
  queue: (view: QueueView) => [...consoleKeys.queues(), view] as const,
  queueCounts: (view: Omit<QueueView, "sort">) => [...consoleKeys.queues(), "counts", view] as const,
  requests: () => [...consoleKeys.all, "request"] as const,
  request: (id: string) => [...consoleKeys.requests(), id] as const,
  audit: () => [...consoleKeys.all, "audit"] as const,
  auditEvents: (filter: AuditEventsFilter) => [...consoleKeys.audit(), "events", filter] as const,
  chainStatus: () => [...consoleKeys.audit(), "chain"] as const,
  auditOverview: (period: AuditPeriodPreset) => [...consoleKeys.audit(), "overview", period] as const,
  evidenceExports: () => [...consoleKeys.audit(), "exports"] as const,
  admin: () => [...consoleKeys.all, "admin"] as const,
  policyVersions: () => [...consoleKeys.admin(), "policies"] as const,
  policyDraft: (kind: "check" | "simulate", body: unknown) => [...consoleKeys.admin(), "draft", kind, body] as const,
  roleHolders: () => [...consoleKeys.admin(), "roles"] as const,
  agents: () => [...consoleKeys.admin(), "agents"] as const,
  webhooks: () => [...consoleKeys.admin(), "webhooks"] as const,
  webhookDeliveries: (webhookId: string) => [...consoleKeys.webhooks(), webhookId, "deliveries"] as const,
  // Under webhooks: making a conversation a chat target invalidates both.
  teamsConversations: () => [...consoleKeys.webhooks(), "teams-conversations"] as const,
  freeze: () => [...consoleKeys.all, "freeze"] as const,
  notifications: () => [...consoleKeys.all, "notifications"] as const,
};
