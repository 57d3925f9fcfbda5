/**
 * The demo's chat stand-ins (`npm start` without an identity provider configured): a local Slack and a
 * local Microsoft Teams, each speaking its real protocol to this console, so a newcomer sees requests
 * posted to a channel and decides them there without an account anywhere. A provider configured for
 * real (SLACK_BOT_TOKEN, TEAMS_APP_ID) is left alone. Credentials are fresh on every start.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { webhookSubscriptions } from "../../db/schema";
import type { ChatProvider } from "../../db/schema/chat-links";
import { DEV_SLACK_CHANNEL, startDevSlack } from "../../lib/dev-slack/server";
import { startTeamsStandIn, type TeamsStandIn } from "../../lib/dev-teams/server";
import { addChatTarget } from "../../lib/services/add-chat-target";
import { newServiceContext } from "../../lib/services/service-context";

export type ChatStandIns = {
  /** Settings for the console and the worker: each provider pointed at its stand-in. */
  env: Record<string, string>;
  stop: () => Promise<void>;
  /** Posts requests to the stand-ins' channels (once: a restart keeps the subscriptions made before). */
  seed: (db: Database) => Promise<void>;
  /** Once the console answers: Teams adds the bot to its channel, as installing the app does. */
  afterConsoleStarts: () => Promise<void>;
  bannerLines: string[];
};

export async function startChatStandIns({ port, appUrl }: { port: number; appUrl: string }): Promise<ChatStandIns> {
  const env: Record<string, string> = {};
  const stops: (() => Promise<void>)[] = [];
  const bannerLines: string[] = [];
  const targets: [ChatProvider, string][] = [];
  let teams: TeamsStandIn | null = null;

  // Slack: requests are posted to its #approvals, and its buttons call this console exactly as Slack would.
  if (!process.env.SLACK_BOT_TOKEN) {
    // Clear of the ports end-to-end specs give second consoles (PORT + 2 … + 8).
    const slackPort = Number(process.env.DEV_SLACK_PORT ?? port + 10);
    // DEV_SLACK_SOCKET_MODE=true: clicks reach the worker over Socket Mode instead of the console's request URL.
    const appToken = process.env.DEV_SLACK_SOCKET_MODE === "true" ? `xapp-demo-${randomBytes(12).toString("hex")}` : undefined;
    const settings = {
      SLACK_BOT_TOKEN: `xoxb-demo-${randomBytes(12).toString("hex")}`,
      SLACK_SIGNING_SECRET: randomBytes(24).toString("hex"),
      SLACK_API_URL: `http://localhost:${slackPort}/api/`,
      ...(appToken && { SLACK_APP_TOKEN: appToken }),
    };
    const slack = await startDevSlack({ port: slackPort, botToken: settings.SLACK_BOT_TOKEN, signingSecret: settings.SLACK_SIGNING_SECRET, interactionsUrl: `${appUrl}/api/slack/interactions`, appToken });
    stops.push(slack.stop);
    Object.assign(env, settings);
    targets.push(["slack", DEV_SLACK_CHANNEL]);
    bannerLines.push(`  Slack stand-in: ${slack.url} (new requests appear in #approvals; pick a Slack user, click Approve, link it once)`);
  }

  // Teams: its own Bot Connector token issuer and Connector service; the bot is added to its channel once the console is up.
  if (!process.env.TEAMS_APP_ID) {
    const appId = randomUUID();
    teams = await startTeamsStandIn({ port: Number(process.env.DEV_TEAMS_PORT ?? port + 11), appId, botEndpoint: `${appUrl}/api/teams/messages` });
    stops.push(teams.stop);
    Object.assign(env, { TEAMS_APP_ID: appId, TEAMS_OPENID_METADATA: teams.metadataUrl });
    targets.push(["teams", teams.channel.id]);
    bannerLines.push(`  Teams stand-in: ${teams.url} (new requests appear in ${teams.channel.teamName} › ${teams.channel.name}; pick a Teams user, Refresh card, link it once)`);
  }

  return {
    env,
    bannerLines,
    stop: async () => {
      for (const stop of stops.reverse()) await stop().catch(() => {});
    },
    seed: async (db) => {
      for (const [provider, target] of targets) await ensureChatTarget(db, provider, target);
    },
    afterConsoleStarts: async () => {
      const answer = await teams?.install();
      if (answer && answer.httpStatus !== 200) throw new Error(`the console refused the Teams stand-in's installation (${answer.httpStatus})`);
    },
  };
}

async function ensureChatTarget(db: Database, provider: ChatProvider, target: string): Promise<void> {
  const [existing] = await db
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.kind, provider), eq(webhookSubscriptions.target, target), isNull(webhookSubscriptions.removedAt)));
  if (existing) return;
  await addChatTarget(newServiceContext(db, { kind: "system", id: "seed" }), { provider, target });
}
