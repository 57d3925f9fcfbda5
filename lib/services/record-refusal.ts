import "server-only";
import { appendEvents } from "@/db/event-store";
import type { RequestEvent } from "@/lib/domain/request/request-events";
import { ServiceError, type ServiceErrorCode } from "./errors";
import { maskFreeText } from "./masker";
import type { ServiceContext } from "./service-context";

type RefusalEvent = Extract<RequestEvent, { type: "decision.refused" }>;

/**
 * A refusal the log must keep (an attempted self-approval is what an auditor looks for). Thrown from
 * inside the command's transaction, which rolls back; the verb then records it with recordRefusal.
 */
export class RecordedRefusal extends ServiceError {
  constructor(
    code: ServiceErrorCode,
    message: string,
    readonly event: RefusalEvent,
  ) {
    super(code, message);
  }
}

/**
 * Appends the refusal in a transaction of its own, under the call's correlation id: the refused
 * command changed nothing, so this event is all that commits. The sentence is masked like any text an
 * event carries (it can quote a freeze message).
 */
export async function recordRefusal(ctx: Pick<ServiceContext, "db" | "requestId" | "now">, refusal: RecordedRefusal): Promise<void> {
  const { requestId, actor, data } = refusal.event;
  const { text: reason, masking } = maskFreeText(data.reason);
  await ctx.db.transaction((tx) =>
    appendEvents(tx, [{ type: "decision.refused", streamType: "request", streamId: requestId, actor, data: { ...data, reason, masking } }], {
      now: ctx.now,
      correlationId: ctx.requestId,
    }),
  );
}
