import "server-only";
import { eq, sql } from "drizzle-orm";
import { teamsConversations } from "@/db/schema";
import { tenantOf, type TeamsActivity } from "@/lib/domain/teams/inbound-activity";
import type { ServiceContext } from "./service-context";

/**
 * A verified conversationUpdate or installationUpdate that adds the bot to a conversation keeps what
 * a proactive message needs there; one that removes it marks the conversation removed, so nothing is
 * posted to it any more. Returns what changed, or null for an update about other members.
 */
export async function recordTeamsConversation(ctx: ServiceContext, activity: TeamsActivity): Promise<"added" | "removed" | null> {
  const botId = activity.recipient.id;
  const installation = activity.type === "installationUpdate";
  const added = installation ? activity.action === "add" : activity.membersAdded?.some((member) => member.id === botId);
  const removed = installation ? activity.action === "remove" : activity.membersRemoved?.some((member) => member.id === botId);
  const tenantId = tenantOf(activity);
  if (added && tenantId) {
    const row = { id: activity.conversation.id, tenantId, serviceUrl: activity.serviceUrl, botId, name: conversationName(activity), conversationType: activity.conversation.conversationType ?? null, addedAt: ctx.now, removedAt: null };
    await ctx.db
      .insert(teamsConversations)
      .values(row)
      .onConflictDoUpdate({ target: teamsConversations.id, set: { ...row, addedAt: sql`case when ${teamsConversations.removedAt} is null then ${teamsConversations.addedAt} else excluded.added_at end` } });
    return "added";
  }
  if (removed) {
    await ctx.db.update(teamsConversations).set({ removedAt: ctx.now }).where(eq(teamsConversations.id, activity.conversation.id));
    return "removed";
  }
  return null;
}

function conversationName(activity: TeamsActivity): string | null {
  const { team, channel } = activity.channelData ?? {};
  if (team?.name) return `${team.name} › ${channel?.name ?? activity.conversation.name ?? "General"}`;
  return activity.conversation.name ?? null;
}
