import "server-only";
import { and, eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { chatLinks } from "@/db/schema";
import type { ChatIdentity, UserActor } from "@/lib/domain/actor";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import { ServiceError } from "./errors";

/**
 * Links a chat identity to a person, in the caller's transaction: the one way the chat core links,
 * whether the person proved who they are by SSO in the browser (a chat link) or by a token from the
 * console's identity provider (Teams' token exchange). A new link is recorded as `chat.linked` on the
 * person's stream; a link that already exists for them changes nothing; one that exists for someone
 * else is refused (they remove it first).
 */
export async function linkChatIdentity(tx: Transaction, identity: ChatIdentity, actor: UserActor, at: { now: Date; correlationId?: string }): Promise<void> {
  const sameIdentity = and(eq(chatLinks.provider, identity.provider), eq(chatLinks.workspace, identity.workspace), eq(chatLinks.externalUserId, identity.externalUserId));
  const [existing] = await tx.select({ userId: chatLinks.userId }).from(chatLinks).where(sameIdentity);
  if (existing && existing.userId !== actor.id) {
    throw new ServiceError("CONFLICT", "That chat account is linked to another person. They can remove the link on their Account page first.");
  }
  if (existing) return;
  await tx.insert(chatLinks).values({ ...identity, userId: actor.id, linkedAt: at.now });
  await appendEvents(tx, [{ type: "chat.linked", streamType: "user", streamId: actor.id, actor: toRecordedActor(actor), data: { ...identity } }], at);
}
