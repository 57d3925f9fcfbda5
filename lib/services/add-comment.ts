import "server-only";
import { randomUUID } from "node:crypto";
import { isNotNull } from "drizzle-orm";
import { users } from "@/db/schema";
import { getConfig } from "@/lib/config";
import type { UserActor } from "@/lib/domain/actor";
import { findMentions } from "@/lib/domain/mentions";
import { can } from "@/lib/domain/permissions";
import { rolesFromGroups } from "@/lib/domain/roles";
import { isUuid } from "@/lib/domain/uuid";
import type { Executor } from "@/db/client";
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

/**
 * Adds a comment to a request's thread, or a reply to a thread (`replyTo`). Comments are masked like
 * everything else people type; the people it mentions are found in the text before masking (an
 * `@alice@example.com` is masked as an email address) and recorded by email, so they are notified.
 */
export async function addComment(ctx: ServiceContext<UserActor>, actionRequestId: string, rawBody: string, options: { replyTo?: string | null } = {}) {
  // Before the input is looked at: a read-only role learns nothing from a validation message.
  requireCapability(ctx.actor, "comment");
  const trimmed = rawBody.trim();
  if (!trimmed) throw new ServiceError("VALIDATION", "The comment is empty.", [{ path: "body", message: "Write something first." }]);
  if (trimmed.length > COMMENT_MAX_LENGTH) throw new ServiceError("VALIDATION", "The comment is too long.", [{ path: "body", message: COMMENT_TOO_LONG }]);
  refuseUnstorable({ body: trimmed }, "The comment is not valid.");
  const { replyTo = null } = options;
  if (replyTo !== null && !isUuid(replyTo)) throw new ServiceError("VALIDATION", "The reply names no comment.", [{ path: "replyTo", message: "Reply to a comment on this request." }]);
  const mentions = trimmed.includes("@") ? findMentions(trimmed, await mentionablePeople(ctx.db), ctx.actor.email) : [];
  const masked = maskFreeText(trimmed);
  const id = randomUUID();
  await ctx.db.transaction(async (tx) => {
    const loaded = await loadRequestForUpdate(tx, actionRequestId);
    // The comment's event touches the request's updatedAt, which fires the change notification, so
    // open consoles refresh the thread.
    await executeRequestCommand(tx, ctx, loaded, {
      type: "AddComment",
      actor: ctx.actor,
      data: { commentId: id, body: masked.text, masking: masked.masking, replyTo: replyTo?.toLowerCase() ?? null, mentions },
    });
  });
  return { id, mentions };
}

/** People who have signed in and whose groups, under today's mapping, let them read requests. */
async function mentionablePeople(db: Executor) {
  const rows = await db.select({ email: users.email, name: users.name, groups: users.groups }).from(users).where(isNotNull(users.email));
  const mapping = getConfig().groupRoles;
  return rows.flatMap(({ email, name, groups }) => (email && can({ roles: rolesFromGroups(groups, mapping) }, "readRequests") ? [{ email, name }] : []));
}
