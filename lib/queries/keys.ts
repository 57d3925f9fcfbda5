import type { AuditEventsFilter, QueueFilter } from "./types";

/** Every console query key, in one place so mutations invalidate exactly what they change. */
export const consoleKeys = {
  all: ["console"] as const,
  queues: () => [...consoleKeys.all, "queue"] as const,
  queue: (filter: QueueFilter) => [...consoleKeys.queues(), filter] as const,
  requests: () => [...consoleKeys.all, "request"] as const,
  request: (id: string) => [...consoleKeys.requests(), id] as const,
  audit: () => [...consoleKeys.all, "audit"] as const,
  auditEvents: (filter: AuditEventsFilter) => [...consoleKeys.audit(), "events", filter] as const,
  chainStatus: () => [...consoleKeys.audit(), "chain"] as const,
  agents: () => [...consoleKeys.all, "admin", "agents"] as const,
  freeze: () => [...consoleKeys.all, "freeze"] as const,
};
