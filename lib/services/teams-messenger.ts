import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { teamsConversations, teamsUsers } from "@/db/schema";
import { getConfig } from "@/lib/config";
import type { ChatRequestView } from "@/lib/domain/chat/chat-request-view";
import { refreshUserIdsOf, requestCard } from "@/lib/domain/teams/request-card";
import { ChatDeliveryError, type ChatMessenger } from "./chat-messenger";
import { readTeamsAudience } from "./read-teams-audience";
import { sendTeamsCard, sendTeamsDirectMessage, type TeamsSendOutcome } from "./teams-connector";

/**
 * Teams as a chat target (the target is a conversation the bot was added to): each request is an
 * Adaptive Card, posted once and then replaced in place (updateActivity) as the request moves. The
 * shared card shows the status only; its refresh names the linked reviewers canDecide allows, whose
 * Teams clients then fetch a card of their own with Approve and Reject (lib/services/answer-teams-card-action.ts).
 */
export function teamsMessenger(db: Executor): ChatMessenger | null {
  if (!getConfig().teams) return null;
  return {
    async post(target, view) {
      const conversation = await conversationOf(db, target);
      const activityId = sent(await sendTeamsCard(conversation, await channelCard(db, view, conversation.tenantId)));
      if (!activityId) throw new ChatDeliveryError("teams_bad_response");
      return { channel: conversation.id, ref: activityId };
    },
    async update({ channel, ref }, view) {
      const conversation = await conversationOf(db, channel, { removed: true });
      sent(await sendTeamsCard(conversation, await channelCard(db, view, conversation.tenantId), ref));
    },
    async notify(aadObjectId, text) {
      // Object ids are unique across tenants; the bot's newest sighting of the user names their tenant.
      const [user] = await db.select().from(teamsUsers).where(eq(teamsUsers.aadObjectId, aadObjectId)).orderBy(desc(teamsUsers.seenAt)).limit(1);
      if (!user) throw new ChatDeliveryError("teams_user_unknown");
      const [via] = await db
        .select()
        .from(teamsConversations)
        .where(and(eq(teamsConversations.tenantId, user.tenantId), isNull(teamsConversations.removedAt)))
        .orderBy(desc(teamsConversations.addedAt))
        .limit(1);
      if (!via) throw new ChatDeliveryError("teams_conversation_unknown");
      sent(await sendTeamsDirectMessage({ serviceUrl: via.serviceUrl, botId: via.botId, tenantId: user.tenantId }, user.teamsUserId, text));
    },
  };
}

/** The conversation's reference; a message already posted is still updated after the bot left (the Connector says whether it can). */
async function conversationOf(db: Executor, id: string, { removed = false } = {}) {
  const [conversation] = await db.select().from(teamsConversations).where(eq(teamsConversations.id, id));
  if (!conversation || (conversation.removedAt && !removed)) throw new ChatDeliveryError("teams_conversation_unknown");
  return conversation;
}

async function channelCard(db: Executor, view: ChatRequestView, tenantId: string) {
  const audience = await readTeamsAudience(db, view.id, tenantId, new Date());
  return requestCard(view, { viewer: { kind: "status" }, refreshUserIds: refreshUserIdsOf(audience?.members ?? []) });
}

function sent(outcome: TeamsSendOutcome): string {
  if (!outcome.ok) throw new ChatDeliveryError(outcome.errorClass, outcome.statusCode, outcome.retryAfterMs);
  return outcome.activityId;
}
