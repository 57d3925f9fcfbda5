import type { Server } from "node:http";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as teamsMessages } from "../../app/api/teams/messages/route";
import type { Database } from "../../db/client";
import { teamsConversations, teamsUsers } from "../../db/schema";
import { latestCard, startTeamsStandIn, type TeamsStandIn } from "../../lib/dev-teams/server";
import type { AdaptiveCard } from "../../lib/domain/teams/request-card";
import { sendTeamsCard } from "../../lib/services/teams-connector";
import { freePort } from "./global-setup";
import { serveRoutes, stopServer, type RouteHandler } from "./route-server";
import { useTestDatabase } from "./test-database";

const APP_ID = "8a0c6a3e-4f1b-4b7e-9d2c-1e5f0a9b7c31";
const port = await freePort();
const standIn: TeamsStandIn = await startTeamsStandIn({ botEndpoint: `http://127.0.0.1:${port}/api/teams/messages`, appId: APP_ID });
vi.stubEnv("TEAMS_APP_ID", APP_ID);
vi.stubEnv("TEAMS_OPENID_METADATA", standIn.metadataUrl);

let db: Database;
let server: Server;

beforeAll(async () => {
  db = await useTestDatabase();
  server = await serveRoutes(port, [["POST", /^\/api\/teams\/messages$/, teamsMessages as RouteHandler]]);
});

afterAll(async () => {
  await stopServer(server);
  await standIn.stop();
  vi.unstubAllEnvs();
});

const [alice] = standIn.users;
const conversationIn = (id: string) => ({ ...installation(), conversation: { id, conversationType: "channel", tenantId: standIn.tenantId } });
const installation = () => ({ type: "conversationUpdate", from: { id: alice!.teamsUserId, aadObjectId: alice!.aadObjectId, name: alice!.name }, membersAdded: [{ id: `28:${APP_ID}` }] });
const captured = (id: string) => db.select().from(teamsConversations).where(eq(teamsConversations.id, id));
const now = () => Math.floor(Date.now() / 1000);

describe("Teams: the bot's messaging endpoint", () => {
  it("takes a conversationUpdate signed as the Bot Connector signs it, and keeps the conversation's reference", async () => {
    const answer = await standIn.install();
    expect(answer.httpStatus).toBe(200);
    const [conversation] = await captured(standIn.channel.id);
    expect(conversation).toMatchObject({ tenantId: standIn.tenantId, serviceUrl: standIn.serviceUrl, botId: `28:${APP_ID}`, name: "Countersign demo › Approvals", removedAt: null });
    const [user] = await db.select().from(teamsUsers).where(eq(teamsUsers.aadObjectId, alice!.aadObjectId));
    expect(user).toMatchObject({ tenantId: standIn.tenantId, teamsUserId: alice!.teamsUserId });
  });

  it("accepts a token that expired within the five minutes of clock skew allowed", async () => {
    const token = await standIn.issuer.sign({ appId: APP_ID, serviceUrl: standIn.serviceUrl, claims: { exp: now() - 120, nbf: now() - 3600 } });
    const answer = await standIn.send(conversationIn("19:skew@thread.tacv2"), `Bearer ${token}`);
    expect(answer.httpStatus).toBe(200);
    expect(await captured("19:skew@thread.tacv2")).toHaveLength(1);
  });

  const forgeries: [string, () => Promise<string | undefined>, RegExp][] = [
    ["no token", async () => undefined, /Authorization: Bearer/],
    ["a token from another issuer", () => standIn.issuer.sign({ appId: APP_ID, serviceUrl: standIn.serviceUrl, claims: { iss: "https://api.botframework.com" } }), /another issuer/],
    ["a token for another app id", () => standIn.issuer.sign({ appId: "another-bot", serviceUrl: standIn.serviceUrl }), /another app id/],
    ["a token expired more than five minutes ago", () => standIn.issuer.sign({ appId: APP_ID, serviceUrl: standIn.serviceUrl, claims: { exp: now() - 6 * 60, nbf: now() - 3600 } }), /expired/],
    ["a token signed by a key the metadata does not publish", () => standIn.issuer.sign({ appId: APP_ID, serviceUrl: standIn.serviceUrl, key: "unpublished" }), /no published key/],
    ["a token naming another serviceUrl than the activity's", () => standIn.issuer.sign({ appId: APP_ID, serviceUrl: "https://smba.trafficmanager.net/emea/" }), /another service URL/],
    ["a token without a serviceurl claim", () => standIn.issuer.sign({ appId: APP_ID, serviceUrl: standIn.serviceUrl, claims: { serviceurl: undefined } }), /another service URL/],
  ];

  it.each(forgeries)("refuses %s with a problem+json 401, and records nothing", async (_, forge, reason) => {
    const token = await forge();
    const conversationId = `19:forged-${Math.random().toString(36).slice(2)}@thread.tacv2`;
    const response = await fetch(`http://127.0.0.1:${port}/api/teams/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ ...conversationIn(conversationId), id: "forged", channelId: "msteams", serviceUrl: standIn.serviceUrl, recipient: { id: `28:${APP_ID}` } }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await response.json()) as { detail: string };
    expect(problem.detail).toMatch(reason);
    if (token) expect(problem.detail).not.toContain(token.split(".")[2]!);
    expect(await captured(conversationId)).toEqual([]);
  });

  it("refuses a key endorsed only for other channels", async () => {
    const token = await standIn.issuer.sign({ appId: APP_ID, serviceUrl: standIn.serviceUrl });
    const answer = await standIn.send({ ...conversationIn("19:webchat@thread.tacv2"), channelId: "webchat" }, `Bearer ${token}`);
    expect(answer.httpStatus).toBe(401);
    expect(await captured("19:webchat@thread.tacv2")).toEqual([]);
  });

  it("marks a conversation removed when the bot is removed from it", async () => {
    await standIn.send({ ...conversationIn("19:leaving@thread.tacv2") });
    await standIn.send({ ...conversationIn("19:leaving@thread.tacv2"), membersAdded: undefined, membersRemoved: [{ id: `28:${APP_ID}` }] });
    const [conversation] = await captured("19:leaving@thread.tacv2");
    expect(conversation?.removedAt).toBeInstanceOf(Date);
  });

  it("posts a card to a captured conversation through the SDK's ConnectorClient and replaces it in place", async () => {
    const [conversation] = await captured(standIn.channel.id);
    const card = (title: string): AdaptiveCard => ({ type: "AdaptiveCard", $schema: "http://adaptivecards.io/schemas/adaptive-card.json", version: "1.5", body: [{ type: "TextBlock", text: title }] });
    const posted = await sendTeamsCard(conversation!, card("first"));
    expect(posted).toMatchObject({ ok: true, activityId: expect.any(String) });
    const activityId = (posted as { activityId: string }).activityId;
    const updated = await sendTeamsCard(conversation!, card("second"), activityId);
    expect(updated).toMatchObject({ ok: true, activityId });
    const entry = standIn.posted.find((activity) => activity.id === activityId)!;
    expect(entry.conversationId).toBe(standIn.channel.id);
    expect(entry.versions).toHaveLength(2);
    expect(entry.versions[0]).toMatchObject({ type: "message", from: { id: `28:${APP_ID}` }, attachments: [{ contentType: "application/vnd.microsoft.card.adaptive" }] });
    expect(latestCard(entry)?.body).toEqual([{ type: "TextBlock", text: "second" }]);

    const missing = await sendTeamsCard(conversation!, card("third"), "1:no-such-activity");
    expect(missing).toEqual({ ok: false, statusCode: 404, errorClass: "http_status", retryAfterMs: null });
  });
});
