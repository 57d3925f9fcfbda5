import "server-only";
import { and, count, desc, eq, gt, min } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { actionRequests } from "@/db/schema";
import { getConfig } from "@/lib/config";
import { checkAgentLimits } from "@/lib/domain/agent-limits";
import { RetryLaterError } from "./errors";

/**
 * Refuses one more request from an agent over its rate or pending limit. Counted in PostgreSQL on the
 * agent's own indexes, so the limits hold across every console replica; exact only because the caller
 * holds the agent's row lock, which serialises that agent's submissions.
 */
export async function enforceAgentLimits(tx: Transaction, agentId: string, now: Date): Promise<void> {
  const limits = getConfig().agentLimits;
  const recent =
    limits.requestsPerWindow > 0
      ? await tx
          .select({ createdAt: actionRequests.createdAt })
          .from(actionRequests)
          .where(and(eq(actionRequests.agentId, agentId), gt(actionRequests.createdAt, new Date(now.getTime() - limits.windowSeconds * 1000))))
          .orderBy(desc(actionRequests.createdAt))
          .limit(limits.requestsPerWindow)
      : [];
  // Past its expiry a request no longer waits on anyone, whether or not the sweep has marked it yet.
  const [pending] =
    limits.maxPending > 0
      ? await tx
          .select({ count: count(), earliestExpiry: min(actionRequests.expiresAt) })
          .from(actionRequests)
          .where(and(eq(actionRequests.agentId, agentId), eq(actionRequests.status, "pending"), gt(actionRequests.expiresAt, now)))
      : [];
  const verdict = checkAgentLimits(
    limits,
    { recentCreatedAt: recent.map((r) => r.createdAt), pending: pending?.count ?? 0, earliestPendingExpiry: pending?.earliestExpiry ?? null },
    now,
  );
  if (!verdict.ok) throw new RetryLaterError(verdict.code, verdict.reason, verdict.retryAfterSeconds);
}
