import "server-only";
import { and, eq, gt, isNull } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { chatLinkStates } from "@/db/schema";
import type { ChatIdentity } from "@/lib/domain/actor";
import { verifyChatLinkToken } from "./chat-link-token";

export type ChatLinkState = { id: string; identity: ChatIdentity } & ({ purpose: "link" } | { purpose: "decide"; requestId: string });

/** What a chat link is for, or null when it is forged, expired or already used: the page says so and does nothing. */
export async function readChatLink(token: string, now: Date, db: Executor = getDb()): Promise<ChatLinkState | null> {
  const id = await verifyChatLinkToken(token, now);
  if (!id) return null;
  const [row] = await db
    .select()
    .from(chatLinkStates)
    .where(and(eq(chatLinkStates.id, id), isNull(chatLinkStates.usedAt), gt(chatLinkStates.expiresAt, now)));
  if (!row) return null;
  const identity = { provider: row.provider, workspace: row.workspace, externalUserId: row.externalUserId };
  return row.purpose === "decide" && row.requestId ? { id, identity, purpose: "decide", requestId: row.requestId } : { id, identity, purpose: "link" };
}
