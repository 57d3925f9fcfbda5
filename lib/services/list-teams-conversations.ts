import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { teamsConversations, webhookSubscriptions } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { requireCapability } from "./require-capability";

export type TeamsConversationSummary = {
  id: string;
  name: string | null;
  conversationType: string | null;
  addedAt: string;
  /** Requests are posted there already (a chat target of kind teams). */
  posting: boolean;
};

/**
 * The Teams conversations the bot is in, newest first, for administrators to choose where requests
 * are posted: the bot captures each one when it is added (a verified conversationUpdate), and posts
 * nothing there until an administrator makes it a chat target.
 */
export async function listTeamsConversations(db: Executor, actor: UserActor): Promise<TeamsConversationSummary[]> {
  requireCapability(actor, "administer");
  const rows = await db
    .select({
      id: teamsConversations.id,
      name: teamsConversations.name,
      conversationType: teamsConversations.conversationType,
      addedAt: teamsConversations.addedAt,
      posting: sql<boolean>`exists (select 1 from ${webhookSubscriptions} where ${and(eq(webhookSubscriptions.kind, "teams"), eq(webhookSubscriptions.target, teamsConversations.id), isNull(webhookSubscriptions.removedAt))})`,
    })
    .from(teamsConversations)
    .where(isNull(teamsConversations.removedAt))
    .orderBy(desc(teamsConversations.addedAt))
    .limit(200);
  return rows.map((row) => ({ ...row, addedAt: row.addedAt.toISOString() }));
}
