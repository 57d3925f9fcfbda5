import "server-only";
import type { TeamsActivity } from "@/lib/domain/teams/inbound-activity";
import { recordTeamsConversation } from "./record-teams-conversation";
import { rememberTeamsUser } from "./remember-teams-user";
import type { ServiceContext } from "./service-context";

/** What the bot answers the Bot Connector: for an invoke, the invoke response body; otherwise nothing. */
export type TeamsAnswer = { body: Record<string, unknown> | null };

/**
 * One verified activity from Teams. The bot keeps the sender's Teams id (for cards' refresh lists),
 * and the conversations it is added to or removed from; other activities (messages, reactions) are
 * acknowledged and ignored.
 */
export async function answerTeamsActivity(ctx: ServiceContext, activity: TeamsActivity): Promise<TeamsAnswer> {
  await rememberTeamsUser(ctx, activity);
  switch (activity.type) {
    case "conversationUpdate":
    case "installationUpdate":
      await recordTeamsConversation(ctx, activity);
      return { body: null };
    default:
      return { body: null };
  }
}
