import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { withBotConnector } from "@/lib/http/with-bot-connector";
import { answerTeamsActivity } from "@/lib/services/answer-teams-activity";

/** The Teams bot's messaging endpoint: every activity the Bot Connector sends, its token verified first. */
export const POST = withBotConnector(async ({ service, activity }) => {
  const { body } = await answerTeamsActivity(service, activity);
  return body ? Response.json(body) : new Response(null, { status: 200 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
