import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { events, requestViews } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { isUuid } from "@/lib/domain/uuid";
import { ServiceError } from "./errors";
import { markNotificationsRead } from "./mark-notifications-read";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

/**
 * Records that the signed-in person has seen a request up to `seenEventId`, the newest event the page
 * showed them (never past the request's newest: what "since you last looked" compares against next
 * time), and reads their notifications about it. Looking is not an
 * audit event: this writes read-side rows only. The mark never moves back, whichever tab writes last.
 */
export async function recordRequestView(ctx: ServiceContext<UserActor>, requestId: string, seenEventId: number): Promise<{ lastEventId: number }> {
  requireCapability(ctx.actor, "readRequests");
  if (!isUuid(requestId)) throw new ServiceError("NOT_FOUND", "No request has that id.");
  const id = requestId.toLowerCase();
  const [newest] = await ctx.db
    .select({ id: sql<number | null>`max(${events.id})`.mapWith(Number) })
    .from(events)
    .where(and(eq(events.streamType, "request"), eq(events.streamId, id)));
  // Every request has events from its creation on: none means no such request.
  if (!newest?.id) throw new ServiceError("NOT_FOUND", "No request has that id.");
  const lastEventId = Math.min(seenEventId, newest.id);
  const userId = ctx.actor.email.toLowerCase();
  await ctx.db
    .insert(requestViews)
    .values({ userId, requestId: id, lastEventId, viewedAt: ctx.now })
    .onConflictDoUpdate({
      target: [requestViews.userId, requestViews.requestId],
      set: { lastEventId: sql`greatest(${requestViews.lastEventId}, excluded.last_event_id)`, viewedAt: ctx.now },
    });
  await markNotificationsRead(ctx, { requestId: id });
  return { lastEventId };
}
