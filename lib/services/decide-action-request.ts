import "server-only";
import { randomUUID } from "node:crypto";
import type { UserActor } from "@/lib/domain/actor";
import { applyPolicyChange } from "./apply-policy-change";
import { ServiceError } from "./errors";
import { executeRequestCommand } from "./execute-request-command";
import { loadRequestForUpdate } from "./load-request-for-update";
import { maskFreeText } from "./masker";
import { RecordedRefusal, recordRefusal } from "./record-refusal";
import { refuseUnstorable } from "./refuse-unstorable";
import type { ServiceContext } from "./service-context";

export type DecisionResult = { status: "pending" | "approved" | "rejected"; approvals: number; requiredApprovals: number; breakGlass: boolean };

/** A vote, or a break-glass approval: one person approving alone where the rule allows it. */
export type DecisionOutcome = "approve" | "reject" | "break-glass";

const REASON_NEEDED: Record<DecisionOutcome, string | null> = {
  approve: null,
  reject: "Give a reason for rejecting.",
  "break-glass": "Say why this cannot wait for the approvals the policy asks for.",
};

/** The longest reason a decision may carry; routes validate against the same figure. */
export const REASON_MAX_LENGTH = 2000;

/**
 * Records one person's approval, rejection or break-glass approval. The decider checks separation of duties under the row
 * lock, whatever path the decision came from; on quorum it issues the grant in the same transaction,
 * and an approved policy change takes effect in it too. A refused decision changes nothing but is
 * recorded as a decision.refused event, whichever path it came from.
 * Callers use approveActionRequest / rejectActionRequest / breakGlassActionRequest.
 */
export async function decideActionRequest(
  ctx: ServiceContext<UserActor>,
  actionRequestId: string,
  outcome: DecisionOutcome,
  rawReason: string | undefined,
): Promise<DecisionResult> {
  const reasonText = rawReason?.trim() ?? "";
  const reasonNeeded = REASON_NEEDED[outcome];
  if (reasonNeeded && !reasonText) {
    throw new ServiceError("VALIDATION", outcome === "reject" ? "A rejection needs a reason." : "Breaking the glass needs a reason.", [{ path: "reason", message: reasonNeeded }]);
  }
  if (reasonText.length > REASON_MAX_LENGTH) {
    throw new ServiceError("VALIDATION", "The reason is too long.", [{ path: "reason", message: `Keep the reason under ${REASON_MAX_LENGTH} characters.` }]);
  }
  refuseUnstorable({ reason: reasonText }, "The reason is not valid.");
  const masked = reasonText ? maskFreeText(reasonText) : null;

  try {
    return await decideInTransaction(ctx, actionRequestId, outcome, masked);
  } catch (error) {
    if (error instanceof RecordedRefusal) await recordRefusal(ctx, error);
    throw error;
  }
}

function decideInTransaction(
  ctx: ServiceContext<UserActor>,
  actionRequestId: string,
  outcome: DecisionOutcome,
  masked: ReturnType<typeof maskFreeText> | null,
): Promise<DecisionResult> {
  return ctx.db.transaction(async (tx) => {
    const loaded = await loadRequestForUpdate(tx, actionRequestId);
    const data = { reason: masked?.text ?? null, masking: masked?.masking, decisionId: randomUUID(), grantId: randomUUID() };
    const state = await executeRequestCommand(
      tx,
      ctx,
      loaded,
      outcome === "break-glass" ? { type: "BreakGlass", actor: ctx.actor, data } : { type: "DecideRequest", actor: ctx.actor, data: { ...data, outcome } },
    );
    await applyPolicyChange(tx, ctx, state);
    const requiredApprovals = state.policy?.requiredApprovals ?? 0;
    return {
      status: state.status === "rejected" ? "rejected" : state.status === "approved" ? "approved" : "pending",
      approvals: state.decisions.filter((d) => d.outcome === "approve").length,
      requiredApprovals,
      breakGlass: state.breakGlass !== null,
    };
  });
}
