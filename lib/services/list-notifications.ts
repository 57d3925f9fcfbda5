import "server-only";
import { and, count, desc, eq, isNull } from "drizzle-orm";
import { actionRequests, notifications } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import type { ServiceContext } from "./service-context";

/** How many notifications the inbox lists; older ones stay in the table and in the unread count. */
const INBOX_SIZE = 20;

export type NotificationItem = {
  commentId: string;
  requestId: string;
  requestSummary: string;
  kind: "mention" | "reply";
  actor: string;
  actorName: string | null;
  createdAt: string;
  read: boolean;
};

export type NotificationInbox = { unread: number; items: NotificationItem[] };

/** The signed-in person's inbox: newest first, with how many are unread. */
export async function listNotifications(ctx: ServiceContext<UserActor>): Promise<NotificationInbox> {
  const mine = eq(notifications.recipient, ctx.actor.email.toLowerCase());
  const [rows, [unread]] = await Promise.all([
    ctx.db
      .select({ notification: notifications, summary: actionRequests.summary })
      .from(notifications)
      .innerJoin(actionRequests, eq(actionRequests.id, notifications.requestId))
      .where(mine)
      .orderBy(desc(notifications.createdAt))
      .limit(INBOX_SIZE),
    ctx.db.select({ n: count() }).from(notifications).where(and(mine, isNull(notifications.readAt))),
  ]);
  return {
    unread: unread?.n ?? 0,
    items: rows.map(({ notification: n, summary }) => ({
      commentId: n.commentId,
      requestId: n.requestId,
      requestSummary: summary,
      kind: n.kind,
      actor: n.actorId,
      actorName: n.actorName,
      createdAt: n.createdAt.toISOString(),
      read: n.readAt !== null,
    })),
  };
}
