import "server-only";
import { randomUUID } from "node:crypto";
import { lt } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { chatLinkStates } from "@/db/schema";
import { getConfig } from "@/lib/config";
import type { ChatIdentity } from "@/lib/domain/actor";
import { signChatLinkToken } from "./chat-link-token";

/** How long a chat link works: long enough to sign in, short enough that a leaked one is soon useless. */
const CHAT_LINK_TTL_MS = 10 * 60 * 1000;

export type ChatLinkPurpose = { purpose: "link" } | { purpose: "decide"; requestId: string };

/**
 * A short-lived, single-use console link for a chat user: `link` (sign in by SSO and link this chat
 * identity to yourself) or `decide` (open a request's decision page, where the console's own sign-in
 * and step-up apply). Bound to the chat identity it was made for; expired records are pruned here.
 */
export async function issueChatLink(db: Executor, identity: ChatIdentity, purpose: ChatLinkPurpose, now: Date): Promise<string> {
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + CHAT_LINK_TTL_MS);
  await db.delete(chatLinkStates).where(lt(chatLinkStates.expiresAt, new Date(now.getTime() - CHAT_LINK_TTL_MS)));
  await db.insert(chatLinkStates).values({
    id,
    purpose: purpose.purpose,
    provider: identity.provider,
    workspace: identity.workspace,
    externalUserId: identity.externalUserId,
    requestId: purpose.purpose === "decide" ? purpose.requestId : null,
    expiresAt,
  });
  return `${getConfig().appUrl}/link/chat?state=${await signChatLinkToken(id, expiresAt)}`;
}
