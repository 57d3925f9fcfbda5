import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { DEMO_USERS } from "../dev-idp/demo-users";
import { slackSignature } from "../domain/chat/slack-signature";
import { renderSlackPage } from "./page";
import { readBody } from "../dev-http/read-body";

/**
 * A local stand-in for Slack (demo mode and tests; this machine cannot reach Slack), speaking the real
 * protocol on one port:
 * - the Web API methods Countersign calls, at `/api/{method}` (point @slack/web-api's `slackApiUrl`
 *   here): auth.test, chat.postMessage, chat.update, views.open, conversations.open; the bot token is
 *   checked as Slack checks it;
 * - a response_url sink at `/response/{id}`, each URL bound to the user whose click it came with;
 * - a clicker that sends signed `block_actions` and `view_submission` payloads in Slack's shapes to
 *   the interactivity URL, exactly as Slack signs them (v0 HMAC with the signing secret);
 * - Socket Mode, when given an app token: `apps.connections.open` (the app token checked) hands out
 *   a single-use `ws://` URL to its own WebSocket server, which says `hello`; clicks then go over the
 *   socket as `interactive` envelopes, as Slack's do once an app turns Socket Mode on, and wait for
 *   the `{envelope_id}` acknowledgement;
 * - a page at `/` listing the channel's messages with their buttons, and a "you are Slack user …"
 *   picker, so a newcomer sees the flow without a Slack account.
 * State lives in memory. It is not Slack: no rate limits, no trigger expiry beyond its own check.
 */
export type DevSlackOptions = {
  port: number;
  botToken: string;
  signingSecret: string;
  /** Countersign's `/api/slack/interactions`. */
  interactionsUrl?: string;
  /** An app-level token (xapp-…): Socket Mode is on, and clicks go over the socket instead. */
  appToken?: string;
  teamId?: string;
  host?: string;
};

export type DevSlackMessage = { channel: string; ts: string; text: string; blocks: SlackBlock[]; updates: number };
export type DevSlackResponse = { user: string; text: string; at: string };
export type DevSlackView = { id: string; user: string; view: Record<string, unknown>; responseUrl: string | null };
export type SlackBlock = Record<string, unknown> & { type: string };
export type DevSlackUser = { id: string; name: string };

export const DEV_SLACK_TEAM = "T0DEMO";
export const DEV_SLACK_CHANNEL = "C0APPROVALS";

/** The demo people's Slack accounts: not linked to anyone until they link them (chat never matches emails). */
export const DEV_SLACK_USERS: readonly DevSlackUser[] = DEMO_USERS.map((user) => ({ id: `U0${user.id.toUpperCase()}`, name: user.name }));

export type DevSlack = {
  url: string;
  apiUrl: string;
  teamId: string;
  messages(channel?: string): DevSlackMessage[];
  responses(user?: string): DevSlackResponse[];
  views(user?: string): DevSlackView[];
  /** Clicks a button of a message as `user`, signed as Slack signs (or as an envelope over the socket); returns Countersign's answer. */
  click(
    user: string,
    message: Pick<DevSlackMessage, "channel" | "ts">,
    actionId: string,
    /** A signing time or secret other than now and the real one (a stale or forged click); a button value from an older copy of the message. */
    options?: { timestamp?: number; secret?: string; value?: string },
  ): Promise<Delivery>;
  /** Submits an open modal with the reason typed in. */
  submitView(user: string, viewId: string, reason: string): Promise<Delivery>;
  /** Sends a signed request exactly as given again (a replay). */
  send(request: SignedRequest): Promise<{ status: number; body: string }>;
  /** Sends an envelope again with its id, as Slack retries one it saw no acknowledgement for. */
  resend(envelope: SocketEnvelope): Promise<{ status: number; body: string }>;
  /** Socket Mode connections open now. */
  sockets(): number;
  stop(): Promise<void>;
};

export type SignedRequest = { body: string; headers: Record<string, string> };
export type SocketEnvelope = { envelope_id: string; type: "interactive"; accepts_response_payload: boolean; payload: Record<string, unknown>; retry_attempt?: number; retry_reason?: string };
/**
 * How an interaction went: over HTTP, Countersign's status and body and the signed request; over the
 * socket, 200 once acknowledged (503 with no connection open, 504 with no acknowledgement within
 * Slack's 3 seconds) and the envelope.
 */
export type Delivery = { status: number; body: string; signed?: SignedRequest; envelope?: SocketEnvelope };

const ACK_WAIT_MS = 3000;
const SERVER_PING_MS = 10_000;


export async function startDevSlack(options: DevSlackOptions): Promise<DevSlack> {
  const { port, botToken, signingSecret, interactionsUrl, appToken, teamId = DEV_SLACK_TEAM, host = "127.0.0.1" } = options;
  const base = `http://localhost:${port}`;
  const messages: DevSlackMessage[] = [];
  const responses: DevSlackResponse[] = [];
  const views: DevSlackView[] = [];
  const responseUrls = new Map<string, string>();
  const triggers = new Map<string, { user: string; at: number }>();
  let clock = 0;
  const tickets = new Set<string>();
  const sockets = new Set<WebSocket>();
  const acks = new Map<string, () => void>();
  let nextSocket = 0;

  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++clock).padStart(6, "0")}`;
  const userOf = (id: string) => DEV_SLACK_USERS.find((user) => user.id === id) ?? { id, name: id };

  /** The Web API, answered as Slack does: HTTP 200 with `ok`, or `ok: false` and an error code. */
  const api = (method: string, args: Record<string, unknown>, authorization: string | undefined): Record<string, unknown> => {
    // The one method called with the app-level token rather than the bot's.
    if (method === "apps.connections.open") {
      if (!appToken || authorization !== `Bearer ${appToken}`) return { ok: false, error: "invalid_auth" };
      const ticket = randomUUID();
      tickets.add(ticket);
      return { ok: true, url: `ws://localhost:${port}/link/?ticket=${ticket}` };
    }
    if (authorization !== `Bearer ${botToken}`) return { ok: false, error: "invalid_auth" };
    switch (method) {
      case "auth.test":
        return { ok: true, url: `${base}/`, team: "Countersign demo", team_id: teamId, user: "countersign", user_id: "U0BOT", bot_id: "B0BOT" };
      case "chat.postMessage": {
        const channel = String(args.channel ?? "");
        if (!channel) return { ok: false, error: "channel_not_found" };
        const message: DevSlackMessage = { channel, ts: nextTs(), text: String(args.text ?? ""), blocks: parseBlocks(args.blocks), updates: 0 };
        messages.push(message);
        return { ok: true, channel, ts: message.ts, message: { text: message.text, ts: message.ts } };
      }
      case "chat.update": {
        const message = messages.find((candidate) => candidate.channel === args.channel && candidate.ts === args.ts);
        if (!message) return { ok: false, error: "message_not_found" };
        Object.assign(message, { text: String(args.text ?? message.text), blocks: parseBlocks(args.blocks), updates: message.updates + 1 });
        return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
      }
      case "views.open": {
        const trigger = triggers.get(String(args.trigger_id ?? ""));
        // Slack's triggers expire after 3 seconds and work once.
        if (!trigger || Date.now() - trigger.at > 3000) return { ok: false, error: "expired_trigger_id" };
        triggers.delete(String(args.trigger_id));
        const view = typeof args.view === "string" ? (JSON.parse(args.view) as Record<string, unknown>) : ((args.view ?? {}) as Record<string, unknown>);
        const metadata = typeof view.private_metadata === "string" ? view.private_metadata : "";
        const opened: DevSlackView = { id: `V${randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`, user: trigger.user, view, responseUrl: metadata ? responseUrlOf(metadata) : null };
        views.push(opened);
        return { ok: true, view: { id: opened.id, ...view } };
      }
      case "conversations.open": {
        const user = String(args.users ?? "").split(",")[0];
        if (!user) return { ok: false, error: "user_not_found" };
        return { ok: true, channel: { id: `D${user}` } };
      }
      default:
        return { ok: false, error: "unknown_method" };
    }
  };

  const sign = (body: string, timestamp: number, secret = signingSecret): SignedRequest => ({
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": slackSignature(secret, String(timestamp), body),
    },
  });

  const send = async (request: SignedRequest) => {
    if (!interactionsUrl) return { status: 503, body: "no interactivity request URL" };
    const response = await fetch(interactionsUrl, { method: "POST", headers: request.headers, body: request.body });
    return { status: response.status, body: await response.text() };
  };

  /** Slack sends each envelope to one of the app's connections, and waits 3 seconds for its acknowledgement. */
  const resend = async (envelope: SocketEnvelope) => {
    const open = [...sockets];
    if (open.length === 0) return { status: 503, body: "no Socket Mode connection" };
    const socket = open[nextSocket++ % open.length]!;
    const acked = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), ACK_WAIT_MS);
      acks.set(envelope.envelope_id, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    socket.send(JSON.stringify(envelope));
    const ok = await acked;
    acks.delete(envelope.envelope_id);
    return ok ? { status: 200, body: "" } : { status: 504, body: "no acknowledgement" };
  };

  /** An interaction, as Slack delivers it: over the socket when Socket Mode is on, else signed to the request URL. */
  const deliver = async (payload: Record<string, unknown>, signing: { timestamp?: number; secret?: string } = {}): Promise<Delivery> => {
    if (appToken) {
      const envelope: SocketEnvelope = { envelope_id: randomUUID(), type: "interactive", accepts_response_payload: payload.type === "view_submission", payload };
      return { ...(await resend(envelope)), envelope };
    }
    const signed = sign(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), signing.timestamp ?? Math.floor(Date.now() / 1000), signing.secret);
    return { ...(await send(signed)), signed };
  };

  const click: DevSlack["click"] = async (user, target, actionId, clickOptions = {}) => {
    const message = messages.find((candidate) => candidate.channel === target.channel && candidate.ts === target.ts);
    const action = message ? buttonsOf(message).find((button) => button.action_id === actionId) : undefined;
    const responseId = randomUUID();
    responseUrls.set(responseId, user);
    const triggerId = `${Date.now()}.${randomUUID()}`;
    triggers.set(triggerId, { user, at: Date.now() });
    const payload = {
      type: "block_actions",
      team: { id: teamId, domain: "countersign-demo" },
      user: { id: user, username: userOf(user).name, name: userOf(user).name, team_id: teamId },
      api_app_id: "A0COUNTERSIGN",
      token: "deprecated-verification-token",
      container: { type: "message", message_ts: target.ts, channel_id: target.channel, is_ephemeral: false },
      trigger_id: triggerId,
      channel: { id: target.channel, name: "approvals" },
      message: message ? { type: "message", ts: message.ts, text: message.text, blocks: message.blocks } : undefined,
      response_url: `${base}/response/${responseId}`,
      actions: [{ action_id: actionId, block_id: "countersign.decision", type: "button", value: clickOptions.value ?? action?.value ?? "", text: action?.text ?? { type: "plain_text", text: actionId }, action_ts: `${Date.now() / 1000}` }],
    };
    return deliver(payload, clickOptions);
  };

  const submitView: DevSlack["submitView"] = async (user, viewId, reason) => {
    const opened = views.find((view) => view.id === viewId && view.user === user);
    if (!opened) return { status: 404, body: "no such view" };
    views.splice(views.indexOf(opened), 1);
    const payload = {
      type: "view_submission",
      team: { id: teamId, domain: "countersign-demo" },
      user: { id: user, username: userOf(user).name, name: userOf(user).name, team_id: teamId },
      api_app_id: "A0COUNTERSIGN",
      token: "deprecated-verification-token",
      trigger_id: `${Date.now()}.${randomUUID()}`,
      view: { ...opened.view, id: opened.id, team_id: teamId, state: { values: { reason: { reason: { type: "plain_text_input", value: reason } } } } },
      response_urls: [],
    };
    return deliver(payload);
  };

  function responseUrlOf(metadata: string): string | null {
    try {
      const parsed = JSON.parse(metadata) as { responseUrl?: unknown };
      return typeof parsed.responseUrl === "string" ? parsed.responseUrl : null;
    } catch {
      return null;
    }
  }

  const server: Server = createServer((request, response) => {
    void handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", base);
    const body = request.method === "POST" ? await readBody(request) : "";
    if (request.method === "POST" && url.pathname.startsWith("/api/")) {
      const args = parseArgs(body, request.headers["content-type"]);
      return json(response, api(url.pathname.slice(5), args, request.headers.authorization));
    }
    const responseMatch = /^\/response\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (request.method === "POST" && responseMatch) {
      const user = responseUrls.get(responseMatch[1]!);
      if (!user) return json(response, { ok: false, error: "invalid_response_url" }, 404);
      const { text } = JSON.parse(body || "{}") as { text?: string };
      responses.push({ user, text: String(text ?? ""), at: new Date().toISOString() });
      return json(response, { ok: true });
    }
    // The page's own forms (this is a demo page on loopback, not Slack's UI).
    const as = url.searchParams.get("as") ?? DEV_SLACK_USERS[1]?.id ?? "U0BOB";
    if (request.method === "POST" && url.pathname === "/ui/click") {
      const form = new URLSearchParams(body);
      await click(form.get("as") ?? as, { channel: form.get("channel") ?? "", ts: form.get("ts") ?? "" }, form.get("action") ?? "");
      // The console answers after its acknowledgement: a moment for the answer to arrive.
      await new Promise((resolve) => setTimeout(resolve, 500));
      return redirect(response, `/?as=${encodeURIComponent(form.get("as") ?? as)}`);
    }
    if (request.method === "POST" && url.pathname === "/ui/submit") {
      const form = new URLSearchParams(body);
      await submitView(form.get("as") ?? as, form.get("view") ?? "", form.get("reason") ?? "");
      await new Promise((resolve) => setTimeout(resolve, 500));
      return redirect(response, `/?as=${encodeURIComponent(form.get("as") ?? as)}`);
    }
    if (request.method === "GET" && url.pathname === "/") {
      const page = renderSlackPage({
        as,
        users: DEV_SLACK_USERS,
        channel: DEV_SLACK_CHANNEL,
        messages: messages.filter((message) => message.channel === DEV_SLACK_CHANNEL),
        direct: messages.filter((message) => message.channel === `D${as}`),
        responses: responses.filter((entry) => entry.user === as),
        views: views.filter((view) => view.user === as),
        socketMode: Boolean(appToken),
      });
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'", "cache-control": "no-store" });
      response.end(page);
      return;
    }
    json(response, { ok: false, error: "not_found" }, 404);
  }

  // Socket Mode: a connection is accepted once per URL apps.connections.open handed out.
  const socketServer = new WebSocketServer({ noServer: true });
  server.on("upgrade", (request, socket, head) => {
    const url = new URL(request.url ?? "/", base);
    const ticket = url.searchParams.get("ticket") ?? "";
    if (url.pathname !== "/link/" || !tickets.delete(ticket)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\n\r\n");
      return;
    }
    socketServer.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      // Slack pings its clients; the SDK reconnects when the pings stop.
      const pinger = setInterval(() => ws.ping(), SERVER_PING_MS);
      ws.on("close", () => {
        clearInterval(pinger);
        sockets.delete(ws);
      });
      ws.on("message", (data) => {
        try {
          const { envelope_id } = JSON.parse(String(data)) as { envelope_id?: unknown };
          if (typeof envelope_id === "string") acks.get(envelope_id)?.();
        } catch {
          // Not an acknowledgement; Slack ignores what it does not understand too.
        }
      });
      ws.send(JSON.stringify({ type: "hello", num_connections: sockets.size, debug_info: { host: "dev-slack", approximate_connection_time: 18060 }, connection_info: { app_id: "A0COUNTERSIGN" } }));
    });
  });

  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return {
    url: base,
    apiUrl: `${base}/api/`,
    teamId,
    messages: (channel) => messages.filter((message) => !channel || message.channel === channel),
    responses: (user) => responses.filter((entry) => !user || entry.user === user),
    views: (user) => views.filter((view) => !user || view.user === user),
    click,
    submitView,
    send,
    resend,
    sockets: () => sockets.size,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.terminate();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The buttons of a message's actions blocks. */
export function buttonsOf(message: Pick<DevSlackMessage, "blocks">): { action_id: string; value?: string; url?: string; text?: unknown; style?: string }[] {
  return message.blocks.filter((block) => block.type === "actions").flatMap((block) => (block.elements as { action_id: string; value?: string; url?: string }[]) ?? []);
}

function parseBlocks(value: unknown): SlackBlock[] {
  if (Array.isArray(value)) return value as SlackBlock[];
  if (typeof value === "string" && value) return JSON.parse(value) as SlackBlock[];
  return [];
}

/** The Web API takes form-encoded arguments (nested ones JSON-encoded) or a JSON body. */
function parseArgs(body: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.startsWith("application/json")) return JSON.parse(body || "{}") as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(body));
}

function json(response: ServerResponse, body: unknown, status = 200): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { location });
  response.end();
}
