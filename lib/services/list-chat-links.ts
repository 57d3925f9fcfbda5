import "server-only";
import { asc, eq } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { chatLinks } from "@/db/schema";
import type { ChatIdentity, UserActor } from "@/lib/domain/actor";

export type ChatLinkView = ChatIdentity & { linkedAt: string };

/** The chat accounts linked to the signed-in person, for their Account page. */
export async function listChatLinks(actor: UserActor, db: Executor = getDb()): Promise<ChatLinkView[]> {
  const rows = await db.select().from(chatLinks).where(eq(chatLinks.userId, actor.id)).orderBy(asc(chatLinks.linkedAt));
  return rows.map((row) => ({ provider: row.provider, workspace: row.workspace, externalUserId: row.externalUserId, linkedAt: row.linkedAt.toISOString() }));
}
