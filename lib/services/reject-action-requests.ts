import "server-only";
import type { UserActor } from "@/lib/domain/actor";
import { REASON_MAX_LENGTH } from "./decide-action-request";
import { ServiceError, type ServiceErrorCode } from "./errors";
import { rejectActionRequest } from "./reject-action-request";
import type { ServiceContext } from "./service-context";

/** The most requests one bulk rejection takes: two pages of the queue. */
export const MAX_BULK_REJECT = 100;

export type BulkRejectOutcome = { id: string; rejected: true } | { id: string; rejected: false; code: ServiceErrorCode; reason: string };

/**
 * Rejects many requests with one reason, for a runaway agent's flood. Each goes through the same
 * reject verb as a single decision (its own transaction, canDecide under the row lock, a
 * decision.refused event when refused), so each is rejected whole or not at all and every refusal is
 * reported for that request. There is deliberately no bulk approve.
 */
export async function rejectActionRequests(ctx: ServiceContext<UserActor>, requestIds: readonly string[], reason: string): Promise<BulkRejectOutcome[]> {
  const ids = [...new Set(requestIds)];
  if (ids.length === 0 || ids.length > MAX_BULK_REJECT) {
    throw new ServiceError("VALIDATION", "Choose the requests to reject.", [{ path: "ids", message: `Choose between 1 and ${MAX_BULK_REJECT} requests.` }]);
  }
  // The reason is checked once, before anything is rejected, so a bad one leaves every request as it was.
  const text = reason.trim();
  if (!text) throw new ServiceError("VALIDATION", "A rejection needs a reason.", [{ path: "reason", message: "Give a reason for rejecting." }]);
  if (text.length > REASON_MAX_LENGTH) throw new ServiceError("VALIDATION", "The reason is too long.", [{ path: "reason", message: `Keep the reason under ${REASON_MAX_LENGTH} characters.` }]);
  const outcomes: BulkRejectOutcome[] = [];
  for (const id of ids) {
    try {
      await rejectActionRequest(ctx, id, text);
      outcomes.push({ id, rejected: true });
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      outcomes.push({ id, rejected: false, code: error.code, reason: error.message });
    }
  }
  return outcomes;
}
