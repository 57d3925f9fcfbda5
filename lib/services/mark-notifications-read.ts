import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { notifications } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import type { ServiceContext } from "./service-context";

/**
 * Marks the signed-in person's notifications read: those about `requestId` (opening a request reads
 * what it was about), or all of them. Only ever their own rows. Returns how many changed.
 */
export async function markNotificationsRead(ctx: ServiceContext<UserActor>, scope: { requestId?: string } = {}): Promise<number> {
  const rows = await ctx.db
    .update(notifications)
    .set({ readAt: ctx.now })
    .where(
      and(
        eq(notifications.recipient, ctx.actor.email.toLowerCase()),
        isNull(notifications.readAt),
        ...(scope.requestId ? [eq(notifications.requestId, scope.requestId)] : []),
      ),
    )
    .returning({ commentId: notifications.commentId });
  return rows.length;
}
