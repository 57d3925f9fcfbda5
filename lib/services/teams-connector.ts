import "server-only";
import { Activity, ActivityTypes } from "@microsoft/agents-activity";
import type { ConversationParameters } from "@microsoft/agents-activity";
import { ConnectorClient, HttpError, MsalTokenProvider } from "@microsoft/agents-hosting";
import { getConfig } from "@/lib/config";
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from "@/lib/domain/teams/request-card";
import { parseRetryAfter } from "@/lib/domain/webhooks/retry-schedule";

/** Where a proactive message goes: a conversation the bot was added to, as its conversationUpdate named it. */
export type TeamsConversationRef = { id: string; serviceUrl: string; botId: string };

/** What one call to the Connector came to, in the outbox's terms (`activityId`: the id it answered with); nothing of the response body is kept. */
export type TeamsSendOutcome =
  | { ok: true; activityId: string; statusCode: number }
  | { ok: false; statusCode: number | null; errorClass: string; retryAfterMs: number | null };

/** The audience of the Bot Connector's tokens for bots (botframework-connector's ToChannelFromBotOAuthScope). */
const CONNECTOR_SCOPE = "https://api.botframework.com";
const tokens = new MsalTokenProvider();

/**
 * Posts a card to a Teams conversation, or replaces the one posted before (`activityId`), through the
 * Microsoft 365 Agents SDK's ConnectorClient (POST …/v3/conversations/{id}/activities, PUT
 * …/activities/{activityId}). With TEAMS_APP_PASSWORD the call carries a token for the bot from Entra
 * ID (the SDK's MSAL provider); without one it carries none, which only the local stand-in accepts.
 * Errors become an outcome, never a thrown SDK error: those carry the request, Authorization included.
 */
export async function sendTeamsCard(conversation: TeamsConversationRef, card: AdaptiveCard, activityId?: string, now = new Date()): Promise<TeamsSendOutcome> {
  const activity = Activity.fromObject({
    type: ActivityTypes.Message,
    from: { id: conversation.botId },
    conversation: { id: conversation.id },
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
  });
  return connectorCall(conversation.serviceUrl, now, async (client) => {
    const response = activityId ? await client.updateActivity(conversation.id, activityId, activity) : await client.sendToConversation(conversation.id, activity);
    return response?.id || activityId || "";
  });
}

/**
 * A one-to-one message from the bot to a Teams user (`29:…`) of a tenant: the Connector's
 * createConversation with the message as its first activity, which opens (or finds) the personal chat
 * the bot has with them and posts there.
 */
export async function sendTeamsDirectMessage(
  via: { serviceUrl: string; botId: string; tenantId: string },
  teamsUserId: string,
  text: string,
  now = new Date(),
): Promise<TeamsSendOutcome> {
  const parameters = {
    isGroup: false,
    // The wire format names the bot `bot` (the SDK's type calls it `agent` but sends the body as given).
    bot: { id: via.botId },
    members: [{ id: teamsUserId }],
    tenantId: via.tenantId,
    channelData: { tenant: { id: via.tenantId } },
    activity: Activity.fromObject({ type: ActivityTypes.Message, from: { id: via.botId }, text, textFormat: "plain" }),
  } as unknown as ConversationParameters;
  return connectorCall(via.serviceUrl, now, async (client) => (await client.createConversation(parameters))?.id ?? "");
}

async function connectorCall(serviceUrl: string, now: Date, call: (client: ConnectorClient) => Promise<string>): Promise<TeamsSendOutcome> {
  let token: string;
  try {
    token = await connectorToken();
  } catch {
    // Entra ID refused the app's credentials, or could not be reached: nothing was sent.
    return { ok: false, statusCode: null, errorClass: "teams_token", retryAfterMs: null };
  }
  try {
    const client = ConnectorClient.createClientWithToken(serviceUrl, token);
    return { ok: true, activityId: await call(client), statusCode: 200 };
  } catch (error) {
    if (error instanceof HttpError) {
      const status = error.status;
      const retryAfter = status === 429 || status === 503 ? parseRetryAfter(error.response.headers.get("retry-after"), now) : null;
      return { ok: false, statusCode: status, errorClass: "http_status", retryAfterMs: retryAfter };
    }
    return { ok: false, statusCode: null, errorClass: error instanceof Error && error.name === "TimeoutError" ? "timeout" : "connection", retryAfterMs: null };
  }
}

async function connectorToken(): Promise<string> {
  const teams = getConfig().teams;
  if (!teams?.appPassword) return "";
  return tokens.getAccessToken(
    { clientId: teams.appId, clientSecret: teams.appPassword, tenantId: teams.tenantId ?? "botframework.com", authority: "https://login.microsoftonline.com" },
    CONNECTOR_SCOPE,
  );
}
