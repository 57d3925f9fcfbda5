import "server-only";
import type { UserActor } from "@/lib/domain/actor";
import { followUpStatus, type FollowUpStatus } from "@/lib/domain/request/break-glass";
import { executeRequestCommand } from "./execute-request-command";
import { loadRequestForUpdate } from "./load-request-for-update";
import { RecordedRefusal, recordRefusal } from "./record-refusal";
import type { ServiceContext } from "./service-context";

export type ConfirmationResult = { followUp: FollowUpStatus; confirmations: number };

/**
 * One person's confirmation, in the follow-up review, that a break-glass approval was justified. The
 * decider checks who may confirm under the row lock; a refusal is recorded as decision.refused like any
 * refused decision, after the command's transaction has rolled back.
 */
export async function confirmBreakGlass(ctx: ServiceContext<UserActor>, actionRequestId: string): Promise<ConfirmationResult> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const loaded = await loadRequestForUpdate(tx, actionRequestId);
      const { breakGlass } = await executeRequestCommand(tx, ctx, loaded, { type: "ConfirmBreakGlass", actor: ctx.actor });
      if (!breakGlass) throw new Error(`request ${actionRequestId} was confirmed without a break-glass approval`);
      return { followUp: followUpStatus(breakGlass), confirmations: breakGlass.confirmations.length };
    });
  } catch (error) {
    if (error instanceof RecordedRefusal) await recordRefusal(ctx, error);
    throw error;
  }
}
