import "server-only";
import { and, eq } from "drizzle-orm";
import { appendEvents } from "@/db/event-store";
import { chatLinks } from "@/db/schema";
import type { ChatIdentity, UserActor } from "@/lib/domain/actor";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import { ServiceError } from "./errors";
import type { ServiceContext } from "./service-context";

/** Removes one of the signed-in person's own chat links (`chat.unlinked`); that chat account decides nothing more. */
export async function unlinkChatIdentity(ctx: ServiceContext<UserActor>, identity: ChatIdentity): Promise<void> {
  const { actor, now } = ctx;
  await ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(chatLinks)
      .where(
        and(
          eq(chatLinks.provider, identity.provider),
          eq(chatLinks.workspace, identity.workspace),
          eq(chatLinks.externalUserId, identity.externalUserId),
          eq(chatLinks.userId, actor.id),
        ),
      )
      .returning({ provider: chatLinks.provider });
    if (removed.length === 0) throw new ServiceError("NOT_FOUND", "You have no such chat link.");
    const data = { provider: identity.provider, workspace: identity.workspace, externalUserId: identity.externalUserId };
    await appendEvents(tx, [{ type: "chat.unlinked", streamType: "user", streamId: actor.id, actor: toRecordedActor(actor), data }], { now, correlationId: ctx.requestId });
  });
}
