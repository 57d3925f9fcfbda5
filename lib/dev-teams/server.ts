import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createBotConnectorIssuer, type BotConnectorIssuer } from "./bot-connector-issuer";
import { standInUsers, STAND_IN_TENANT_ID, type TeamsStandInUser } from "./teams-users";
import { renderStandInPage, type PageState } from "./views";
import { readBody } from "../dev-http/read-body";

/**
 * A local stand-in for Microsoft Teams and its Bot Connector (demo mode and tests only), speaking the
 * real protocol in both directions:
 *
 * - as the Connector's token issuer: OpenID metadata at /v1/.well-known/openidconfiguration and its
 *   JWKS (with endorsements), which TEAMS_OPENID_METADATA points the bot at;
 * - as the Connector service (the activities' serviceUrl): POST /v3/conversations/{id}/activities and
 *   PUT …/activities/{activityId}, recording what the bot sent;
 * - as the Teams client: it POSTs signed activities to the bot (installing the bot in a channel, a
 *   card's Action.Execute or refresh as a chosen Teams user) and keeps the per-user cards it gets back.
 *
 * Its page (GET /) lists the channel's cards and lets a visitor act as any demo Teams user.
 */
export type TeamsStandInOptions = {
  /** The bot's messaging endpoint, e.g. http://localhost:3000/api/teams/messages. */
  botEndpoint: string;
  appId: string;
  port?: number;
  /** Defaults to loopback. */
  host?: string;
  users?: TeamsStandInUser[];
};

/** One activity the bot sent to the Connector, with every version it was updated to. */
export type PostedActivity = { id: string; conversationId: string; versions: ConnectorActivity[] };
export type ConnectorActivity = { type?: string; attachments?: { contentType: string; content: AdaptiveCardLike }[]; text?: string } & Record<string, unknown>;
export type AdaptiveCardLike = Record<string, unknown> & { refresh?: { userIds?: string[] } };

/** What the bot answered an invoke with: its HTTP status and the invoke response body. */
export type InvokeAnswer = { httpStatus: number; body: { statusCode?: number; type?: string; value?: unknown } | null };

export type TeamsStandIn = {
  url: string;
  /** The activities' serviceUrl: where the bot's Connector calls come. */
  serviceUrl: string;
  metadataUrl: string;
  tenantId: string;
  users: TeamsStandInUser[];
  /** The channel the demo installs the bot in. */
  channel: { id: string; name: string; teamName: string };
  issuer: BotConnectorIssuer;
  /** Activities the bot has sent, oldest first. */
  posted: PostedActivity[];
  /** POSTs an activity to the bot as the Connector would (signed, unless `authorization` is given). */
  send: (activity: Record<string, unknown>, authorization?: string) => Promise<InvokeAnswer>;
  /** The channel's conversationUpdate announcing the bot was added, which lets it post there. */
  install: (by?: TeamsStandInUser) => Promise<InvokeAnswer>;
  /** An Action.Execute (or refresh) on a posted card, as `user`. */
  invoke: (user: TeamsStandInUser, action: { activityId?: string; verb: string; data: Record<string, unknown>; trigger?: "manual" | "automatic" }) => Promise<InvokeAnswer>;
  stop: () => Promise<void>;
};


export async function startTeamsStandIn(options: TeamsStandInOptions): Promise<TeamsStandIn> {
  const users = options.users ?? standInUsers();
  const posted: PostedActivity[] = [];
  /**
   * The last card each user's client was given per activity (by refresh or click), as Teams keeps it
   * per user, until the bot replaces the message itself (`version`: how many versions it had then).
   */
  const userCards = new Map<string, { card: AdaptiveCardLike; version: number }>();
  const notices = new Map<string, PageState["notice"]>();
  const channel = { id: "19:countersign-approvals@thread.tacv2", name: "Approvals", teamName: "Countersign demo" };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, "text/plain; charset=utf-8", "The stand-in failed to answer.");
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  const serviceUrl = `${url}/`;
  const issuer = await createBotConnectorIssuer(url);
  const botId = `28:${options.appId}`;

  const conversation = { id: channel.id, conversationType: "channel", tenantId: STAND_IN_TENANT_ID, isGroup: true, name: channel.name };
  const channelData = { tenant: { id: STAND_IN_TENANT_ID }, team: { id: "19:countersign-demo-team@thread.tacv2", name: channel.teamName }, channel: { id: channel.id, name: channel.name } };
  const from = (user: TeamsStandInUser) => ({ id: user.teamsUserId, name: user.name, aadObjectId: user.aadObjectId });

  async function sendActivity(activity: Record<string, unknown>, authorization?: string): Promise<InvokeAnswer> {
    const body = { id: randomUUID(), timestamp: new Date().toISOString(), channelId: "msteams", serviceUrl, recipient: { id: botId, name: "Countersign" }, conversation, channelData, ...activity };
    const token = authorization ?? `Bearer ${await issuer.sign({ appId: options.appId, serviceUrl: String(body.serviceUrl) })}`;
    const response = await fetch(options.botEndpoint, { method: "POST", headers: { "content-type": "application/json", authorization: token }, body: JSON.stringify(body) });
    const text = await response.text();
    return { httpStatus: response.status, body: text ? (JSON.parse(text) as InvokeAnswer["body"]) : null };
  }

  const install = (by: TeamsStandInUser = users[0]!) =>
    sendActivity({ type: "conversationUpdate", from: from(by), membersAdded: [{ id: botId }], channelData: { ...channelData, eventType: "teamMemberAdded" } });

  const invoke: TeamsStandIn["invoke"] = (user, { activityId, verb, data, trigger = "manual" }) =>
    sendActivity({ type: "invoke", name: "adaptiveCard/action", from: from(user), ...(activityId && { replyToId: activityId }), value: { action: { type: "Action.Execute", verb, data }, trigger } });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const path = new URL(request.url ?? "/", url).pathname;
    const connector = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (request.method === "GET" && path === "/v1/.well-known/openidconfiguration") {
      return sendJson(response, 200, {
        issuer: issuer.issuer,
        authorization_endpoint: `${url}/v1/.well-known/unsupported`,
        jwks_uri: `${url}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_signing_alg_values_supported: ["RS256"],
      });
    }
    if (request.method === "GET" && path === "/v1/.well-known/keys") return sendJson(response, 200, issuer.jwks);
    if (connector && (request.method === "POST" || request.method === "PUT")) {
      const conversationId = decodeURIComponent(connector[1]!);
      const activity = JSON.parse(await readBody(request)) as ConnectorActivity;
      const activityId = connector[2] ? decodeURIComponent(connector[2]) : undefined;
      if (request.method === "PUT") {
        const existing = posted.find((entry) => entry.id === activityId && entry.conversationId === conversationId);
        if (!existing) return sendJson(response, 404, { error: { code: "ActivityNotFoundInConversation", message: "The activity does not exist in this conversation." } });
        existing.versions.push(activity);
        return sendJson(response, 200, { id: existing.id });
      }
      // A new message, or (POST …/activities/{id}) a reply to one: either way a new activity.
      const id = `1:${Date.now()}${posted.length}`;
      posted.push({ id, conversationId, versions: [activity] });
      return sendJson(response, 201, { id });
    }
    if (request.method === "POST" && path === "/v3/conversations") {
      // createConversation: a personal chat with one user, its first message posted at once.
      const parameters = JSON.parse(await readBody(request)) as { members?: { id?: string }[]; activity?: ConnectorActivity };
      const member = parameters.members?.[0]?.id;
      if (!member) return sendJson(response, 400, { error: { code: "BadArgument", message: "Name the member to talk to." } });
      const conversationId = `a:${member}`;
      const id = `1:${Date.now()}${posted.length}`;
      if (parameters.activity) posted.push({ id, conversationId, versions: [parameters.activity] });
      return sendJson(response, 201, { id: conversationId, activityId: id });
    }
    if (request.method === "GET" && path === "/") {
      const as = users.find((user) => user.key === new URL(request.url ?? "/", url).searchParams.get("as")) ?? users[0]!;
      await refreshCardsFor(as);
      return send(response, 200, "text/html; charset=utf-8", renderStandInPage({ users, as, channel, posted, userCards: cardsOf(as), notice: notices.get(as.key) }));
    }
    if (request.method === "POST" && (path === "/click" || path === "/install")) {
      const form = new URLSearchParams(await readBody(request));
      const as = users.find((user) => user.key === form.get("as")) ?? users[0]!;
      if (path === "/install") {
        const answer = await install(as);
        notices.set(as.key, { text: answer.httpStatus < 300 ? `The bot was added to ${channel.teamName} › ${channel.name}.` : `The bot refused the installation (${answer.httpStatus}).` });
      } else {
        await click(as, form);
      }
      response.writeHead(303, { location: `/?as=${encodeURIComponent(as.key)}` });
      return response.end();
    }
    send(response, 404, "text/plain; charset=utf-8", "Not found");
  }

  /** What a Teams client does when it shows a card whose refresh lists this user: fetch their own version. */
  async function refreshCardsFor(user: TeamsStandInUser) {
    for (const activity of posted) {
      const card = latestCard(activity);
      const requestId = (card?.refresh as { action?: { data?: { requestId?: unknown } } } | undefined)?.action?.data?.requestId;
      if (!card?.refresh?.userIds?.includes(user.teamsUserId) || typeof requestId !== "string") continue;
      const answer = await invoke(user, { activityId: activity.id, verb: "countersign.refresh", data: { requestId }, trigger: "automatic" });
      if (answer.body?.type === "application/vnd.microsoft.card.adaptive") userCards.set(`${user.key} ${activity.id}`, { card: answer.body.value as AdaptiveCardLike, version: activity.versions.length });
    }
  }

  async function click(user: TeamsStandInUser, form: URLSearchParams) {
    const activityId = form.get("activityId") ?? "";
    const data = JSON.parse(form.get("data") ?? "{}") as Record<string, unknown>;
    const reason = form.get("reason");
    const answer = await invoke(user, { activityId, verb: form.get("verb") ?? "", data: reason === null ? data : { ...data, reason } });
    const type = answer.body?.type;
    if (type === "application/vnd.microsoft.card.adaptive") {
      const version = posted.find((activity) => activity.id === activityId)?.versions.length ?? 0;
      userCards.set(`${user.key} ${activityId}`, { card: answer.body!.value as AdaptiveCardLike, version });
      notices.delete(user.key);
    } else if (type === "application/vnd.microsoft.activity.loginRequest") {
      const button = (answer.body!.value as { buttons?: { value?: string }[] } | undefined)?.buttons?.[0]?.value;
      notices.set(user.key, { text: `Teams asks ${user.name} to sign in before the card can act for them.`, link: button ? { href: button, label: "Sign in to Countersign and link this Teams user" } : undefined });
    } else {
      const message = (answer.body?.value as { message?: string } | undefined)?.message;
      notices.set(user.key, { text: message ?? `The bot answered ${answer.httpStatus}.` });
    }
  }

  /** This user's own cards, by activity id, those the bot has not replaced since. */
  const cardsOf = (user: TeamsStandInUser) =>
    new Map(
      posted.flatMap((activity) => {
        const own = userCards.get(`${user.key} ${activity.id}`);
        return own && own.version === activity.versions.length ? [[activity.id, own.card] as const] : [];
      }),
    );

  return {
    url,
    serviceUrl,
    metadataUrl: `${url}/v1/.well-known/openidconfiguration`,
    tenantId: STAND_IN_TENANT_ID,
    users,
    channel,
    issuer,
    posted,
    send: sendActivity,
    install,
    invoke,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export function latestCard(activity: PostedActivity): AdaptiveCardLike | undefined {
  return activity.versions.at(-1)?.attachments?.find((attachment) => attachment.contentType === "application/vnd.microsoft.card.adaptive")?.content;
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  send(response, status, "application/json; charset=utf-8", JSON.stringify(body));
}

function send(response: ServerResponse, status: number, type: string, body: string) {
  response.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
  response.end(body);
}
