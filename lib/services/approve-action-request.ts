import "server-only";
import type { UserActor } from "@/lib/domain/actor";
import { decideActionRequest } from "./decide-action-request";
import type { ServiceContext } from "./service-context";

export function approveActionRequest(ctx: ServiceContext<UserActor>, actionRequestId: string, reason?: string) {
  return decideActionRequest(ctx, actionRequestId, "approve", reason);
}
