import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { actionRequests, comments } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { ServiceError } from "./errors";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import { loadRequestForUpdate } from "./load-request-for-update";
import { maskFreeText } from "./masker";
import { requireCapability } from "./require-capability";

/** The longest comment, and what the person is told past it; the route validates against the same. */
export const COMMENT_MAX_LENGTH = 10_000;
export const COMMENT_TOO_LONG = "Keep comments under 10,000 characters.";

/** Adds a comment to a request's thread. Comments are masked like everything else people type. */
export async function addComment(db: Database, actor: UserActor, requestId: string, rawBody: string) {
  requireCapability(actor, "comment");
  const trimmed = rawBody.trim();
  if (!trimmed) throw new ServiceError("VALIDATION", "The comment is empty.", [{ path: "body", message: "Write something first." }]);
  if (trimmed.length > COMMENT_MAX_LENGTH) throw new ServiceError("VALIDATION", "The comment is too long.", [{ path: "body", message: COMMENT_TOO_LONG }]);
  const masked = maskFreeText(trimmed);
  const now = new Date();
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await loadRequestForUpdate(tx, requestId);
    await tx.insert(comments).values({ id, requestId, authorId: actor.email, authorName: actor.name, body: masked.text, createdAt: now });
    // Touching updatedAt fires the change notification, so open consoles refresh the thread.
    await tx.update(actionRequests).set({ updatedAt: now }).where(eq(actionRequests.id, requestId));
    await appendEvents(
      tx,
      [{ type: "comment.added", streamType: "request", streamId: requestId, actor: toRecordedActor(actor), data: { commentId: id, body: masked.text, masking: masked.masking } }],
      { now },
    );
  });
  return { id };
}
