import "server-only";
import type { UserActor } from "@/lib/domain/actor";
import { isUuid } from "@/lib/domain/uuid";
import { ServiceError } from "./errors";
import { executeRequestCommand } from "./execute-request-command";
import { loadRequestForUpdate } from "./load-request-for-update";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

/** Marks a question (a comment that starts a thread) answered; its author or any reviewer may. */
export async function resolveComment(ctx: ServiceContext<UserActor>, actionRequestId: string, commentId: string) {
  requireCapability(ctx.actor, "comment");
  if (!isUuid(commentId)) throw new ServiceError("NOT_FOUND", "No comment on this request has that id.");
  await ctx.db.transaction(async (tx) => {
    const loaded = await loadRequestForUpdate(tx, actionRequestId);
    await executeRequestCommand(tx, ctx, loaded, { type: "ResolveComment", actor: ctx.actor, data: { commentId: commentId.toLowerCase() } });
  });
  return { id: commentId.toLowerCase(), resolved: true };
}
