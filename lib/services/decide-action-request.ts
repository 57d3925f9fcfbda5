import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { actionRequests, decisions } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { canDecide, statusAfterDecisions } from "@/lib/domain/separation-of-duties";
import { decisionEvents } from "./decision-events";
import { ServiceError } from "./errors";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import { issueGrant } from "./issue-grant";
import { loadRequestForUpdate } from "./load-request-for-update";
import { maskFreeText } from "./masker";

export type DecisionResult = { status: "pending" | "approved" | "rejected"; approvals: number; requiredApprovals: number };

/** The longest reason a decision may carry; routes validate against the same figure. */
export const REASON_MAX_LENGTH = 2000;

/**
 * Records one person's approval or rejection. Separation of duties is checked here, under the row lock,
 * whatever path the decision came from; on quorum the grant is issued in the same transaction.
 * Callers use approveActionRequest / rejectActionRequest.
 */
export async function decideActionRequest(
  db: Database,
  actor: UserActor,
  requestId: string,
  outcome: "approve" | "reject",
  rawReason: string | undefined,
): Promise<DecisionResult> {
  const reasonText = rawReason?.trim() ?? "";
  if (outcome === "reject" && !reasonText) {
    throw new ServiceError("VALIDATION", "A rejection needs a reason.", [{ path: "reason", message: "Give a reason for rejecting." }]);
  }
  if (reasonText.length > REASON_MAX_LENGTH) {
    throw new ServiceError("VALIDATION", "The reason is too long.", [{ path: "reason", message: `Keep the reason under ${REASON_MAX_LENGTH} characters.` }]);
  }
  const masked = reasonText ? maskFreeText(reasonText) : null;
  const reason = masked?.text ?? null;
  const now = new Date();
  const at = { now, correlationId: randomUUID() };

  return db.transaction(async (tx) => {
    const { request, agentOwnerEmail, agentRevokedAt } = await loadRequestForUpdate(tx, requestId);
    const prior = await tx.select().from(decisions).where(eq(decisions.requestId, requestId));
    const verdict = canDecide(actor, { ...request, agentOwnerEmail, agentRevokedAt }, prior, now);
    if (!verdict.ok) throw new ServiceError(verdict.code, verdict.reason);

    await tx.insert(decisions).values({
      id: randomUUID(),
      requestId,
      deciderKind: "user",
      deciderId: actor.email,
      deciderName: actor.name,
      outcome,
      reason,
      decidedAt: now,
    });
    const all = [...prior, { deciderId: actor.email, outcome }];
    const status = statusAfterDecisions(all, request.requiredApprovals);
    const approvers = all.filter((d) => d.outcome === "approve").map((d) => d.deciderId);
    await appendEvents(
      tx,
      decisionEvents({
        requestId,
        actor: toRecordedActor(actor),
        outcome,
        reason,
        masking: masked?.masking,
        approvers,
        requiredApprovals: request.requiredApprovals,
        settles: status === "pending" ? null : status,
      }),
      at,
    );
    if (status !== "pending") {
      await tx.update(actionRequests).set({ status, decidedAt: now, updatedAt: now }).where(eq(actionRequests.id, requestId));
      if (status === "approved") await issueGrant(tx, request, approvers, at);
    } else {
      await tx.update(actionRequests).set({ updatedAt: now }).where(eq(actionRequests.id, requestId));
    }
    return { status, approvals: approvers.length, requiredApprovals: request.requiredApprovals };
  });
}
