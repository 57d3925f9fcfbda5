import "server-only";
import { and, eq, gt, isNull } from "drizzle-orm";
import { chatLinks, chatLinkStates } from "@/db/schema";
import type { ChatIdentity, UserActor } from "@/lib/domain/actor";
import { verifyChatLinkToken } from "./chat-link-token";
import { ServiceError } from "./errors";
import { linkChatIdentity } from "./link-chat-identity";
import type { ServiceContext } from "./service-context";

export type RedeemedChatLink = { purpose: "link"; identity: ChatIdentity } | { purpose: "decide"; requestId: string };

const USED_OR_EXPIRED = "This link has expired or has already been used. Ask the chat for a new one.";

/**
 * Uses a chat link once, for the signed-in person (the console's SSO session stands behind `actor`):
 * `link` links the chat identity to them (`chat.linked`, so the log shows whose chat account decides
 * for whom); `decide` checks they are the person that chat identity is linked to and returns the
 * request to open. The record is marked used in the same transaction, so a second use finds nothing.
 */
export async function redeemChatLink(ctx: ServiceContext<UserActor>, token: string): Promise<RedeemedChatLink> {
  const { actor, now } = ctx;
  const id = await verifyChatLinkToken(token, now);
  if (!id) throw new ServiceError("INVALID_STATE", USED_OR_EXPIRED);
  return ctx.db.transaction(async (tx) => {
    const [state] = await tx
      .update(chatLinkStates)
      .set({ usedAt: now })
      .where(and(eq(chatLinkStates.id, id), isNull(chatLinkStates.usedAt), gt(chatLinkStates.expiresAt, now)))
      .returning();
    if (!state) throw new ServiceError("INVALID_STATE", USED_OR_EXPIRED);
    const identity: ChatIdentity = { provider: state.provider, workspace: state.workspace, externalUserId: state.externalUserId };
    const sameIdentity = and(eq(chatLinks.provider, identity.provider), eq(chatLinks.workspace, identity.workspace), eq(chatLinks.externalUserId, identity.externalUserId));
    const [existing] = await tx.select({ userId: chatLinks.userId }).from(chatLinks).where(sameIdentity);
    if (state.purpose === "decide") {
      // The link was handed to one chat user: only the person that user is linked to may follow it.
      if (existing?.userId !== actor.id || !state.requestId) throw new ServiceError("FORBIDDEN", "This link was made for another person's chat account.");
      return { purpose: "decide", requestId: state.requestId };
    }
    await linkChatIdentity(tx, identity, actor, { now, correlationId: ctx.requestId });
    return { purpose: "link", identity };
  });
}
