import "server-only";
import type { Database } from "@/db/client";
import type { UserActor } from "@/lib/domain/actor";
import { decideActionRequest } from "./decide-action-request";

export function rejectActionRequest(db: Database, actor: UserActor, requestId: string, reason: string) {
  return decideActionRequest(db, actor, requestId, "reject", reason);
}
