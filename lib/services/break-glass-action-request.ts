import "server-only";
import type { UserActor } from "@/lib/domain/actor";
import { decideActionRequest } from "./decide-action-request";
import type { ServiceContext } from "./service-context";

/** Approves alone, at once, where the matched rule allows break-glass; opens the follow-up review. */
export function breakGlassActionRequest(ctx: ServiceContext<UserActor>, actionRequestId: string, reason: string) {
  return decideActionRequest(ctx, actionRequestId, "break-glass", reason);
}
