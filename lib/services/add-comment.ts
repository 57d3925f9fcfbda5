import "server-only";
import { randomUUID } from "node:crypto";
import type { UserActor } from "@/lib/domain/actor";
import { ServiceError } from "./errors";
import { executeRequestCommand } from "./execute-request-command";
import { loadRequestForUpdate } from "./load-request-for-update";
import { maskFreeText } from "./masker";
import { refuseUnstorable } from "./refuse-unstorable";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

/** The longest comment, and what the person is told past it; the route validates against the same. */
export const COMMENT_MAX_LENGTH = 10_000;
export const COMMENT_TOO_LONG = "Keep comments under 10,000 characters.";

/** Adds a comment to a request's thread. Comments are masked like everything else people type. */
export async function addComment(ctx: ServiceContext<UserActor>, actionRequestId: string, rawBody: string) {
  // Before the input is looked at: a read-only role learns nothing from a validation message.
  requireCapability(ctx.actor, "comment");
  const trimmed = rawBody.trim();
  if (!trimmed) throw new ServiceError("VALIDATION", "The comment is empty.", [{ path: "body", message: "Write something first." }]);
  if (trimmed.length > COMMENT_MAX_LENGTH) throw new ServiceError("VALIDATION", "The comment is too long.", [{ path: "body", message: COMMENT_TOO_LONG }]);
  refuseUnstorable({ body: trimmed }, "The comment is not valid.");
  const masked = maskFreeText(trimmed);
  const id = randomUUID();
  await ctx.db.transaction(async (tx) => {
    const loaded = await loadRequestForUpdate(tx, actionRequestId);
    // The comment's event touches the request's updatedAt, which fires the change notification, so
    // open consoles refresh the thread.
    await executeRequestCommand(tx, ctx, loaded, { type: "AddComment", actor: ctx.actor, data: { commentId: id, body: masked.text, masking: masked.masking } });
  });
  return { id };
}
