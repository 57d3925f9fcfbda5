import "server-only";
import type { TeamsActivity } from "@/lib/domain/teams/inbound-activity";
import { answerTeamsCardAction } from "./answer-teams-card-action";
import { recordTeamsConversation } from "./record-teams-conversation";
import { rememberTeamsUser } from "./remember-teams-user";
import type { ServiceContext } from "./service-context";

/** What the bot answers the Bot Connector: for an invoke, the invoke response body; otherwise nothing. */
export type TeamsAnswer = { body: Record<string, unknown> | null };

/**
 * One verified activity from Teams. The bot keeps the sender's Teams id (for cards' refresh lists),
 * the conversations it is added to or removed from, and answers Action.Execute invokes on its cards;
 * other activities (messages, reactions) are acknowledged and ignored.
 */
export async function answerTeamsActivity(ctx: ServiceContext, activity: TeamsActivity): Promise<TeamsAnswer> {
  await rememberTeamsUser(ctx, activity);
  switch (activity.type) {
    case "conversationUpdate":
    case "installationUpdate":
      await recordTeamsConversation(ctx, activity);
      return { body: null };
    case "invoke":
      return { body: activity.name === "adaptiveCard/action" ? await answerTeamsCardAction(ctx, activity) : null };
    default:
      return { body: null };
  }
}
