import type { Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as teamsMessages } from "../../app/api/teams/messages/route";
import type { Database } from "../../db/client";
import { decisions, events, grants, teamsConversations, teamsUsers, users, webhookDeliveries } from "../../db/schema";
import { latestCard, startTeamsStandIn, type InvokeAnswer, type TeamsStandIn } from "../../lib/dev-teams/server";
import type { TeamsStandInUser } from "../../lib/dev-teams/teams-users";
import type { AdaptiveCard } from "../../lib/domain/teams/request-card";
import { addChatTarget } from "../../lib/services/add-chat-target";
import { redeemChatLink } from "../../lib/services/redeem-chat-link";
import { newServiceContext } from "../../lib/services/service-context";
import { sendTeamsCard } from "../../lib/services/teams-connector";
import { createWebhookLane } from "../../lib/services/webhook-lane";
import { listTeamsConversations } from "../../lib/services/list-teams-conversations";
import { alice as aliceActor, bob as bobActor, dave, erin as erinActor, installPolicy, quorumDocument, seedAgent, submitSample, type SeededAgent } from "./fixtures";
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

describe("Teams: deciding from a card", () => {
  const teamsUser = (key: string) => standIn.users.find((user) => user.key === key)!;
  const [bob, erin, alice] = ["bob", "erin", "alice"].map(teamsUser) as [TeamsStandInUser, TeamsStandInUser, TeamsStandInUser];
  let agent: SeededAgent;

  beforeAll(async () => {
    await db.insert(users).values([aliceActor, bobActor, erinActor].map((person) => ({ id: person.id, email: person.email, name: person.name, groups: person.groups })));
    agent = await seedAgent(db);
    await installPolicy(db, quorumDocument(1));
    await standIn.install();
    await addChatTarget(newServiceContext(db, { kind: "system", id: "cli" }), { provider: "teams", target: standIn.channel.id });
  });

  const approve = (user: TeamsStandInUser, requestId: string) => standIn.invoke(user, { verb: "countersign.approve", data: { requestId } });
  const refresh = (user: TeamsStandInUser, requestId: string, trigger: "manual" | "automatic" = "automatic") => standIn.invoke(user, { verb: "countersign.refresh", data: { requestId }, trigger });
  const decisionsOf = (requestId: string) => db.select().from(decisions).where(eq(decisions.requestId, requestId));
  const eventsOf = (requestId: string) => db.select().from(events).where(eq(events.streamId, requestId)).orderBy(asc(events.id));
  const verbsIn = (answer: InvokeAnswer) => JSON.stringify(answer.body?.value ?? null).match(/countersign\.(approve|reject)/g) ?? [];
  const linkUrlOf = (answer: InvokeAnswer) => (answer.body?.value as { buttons: { value: string }[] }).buttons[0]!.value;
  const cardOf = (requestId: string) => standIn.posted.find((activity) => JSON.stringify(activity.versions[0]).includes(requestId));

  /** Works the outbox's two lanes, as the worker does, until every delivery is settled. */
  async function runOutbox() {
    const options = { retryDelaysMs: [20, 20, 20], random: () => 0.5, timeoutMs: 5_000 };
    const fresh = createWebhookLane(db, "fresh", options);
    const retry = createWebhookLane(db, "retry", options);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const owed = await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.status, "pending"));
      if (owed.length === 0) break;
      if (Date.now() > deadline) throw new Error("the outbox did not settle");
      await Promise.all([fresh.fill(), retry.fill()]);
      await sleep(10);
    }
    await Promise.all([fresh.idle(), retry.idle()]);
  }

  /** Links a Teams user the way a person does: the login request's link, redeemed after their SSO sign-in. */
  async function linkThroughLoginRequest(user: TeamsStandInUser, person: typeof bobActor, requestId: string) {
    const answer = await refresh(user, requestId, "manual");
    expect(answer.body).toMatchObject({ statusCode: 401, type: "application/vnd.microsoft.activity.loginRequest" });
    await redeemChatLink(newServiceContext(db, person), new URL(linkUrlOf(answer)).searchParams.get("state")!);
  }

  it("answers an unlinked user's Approve with the login request, decides nothing, and records the attempt", async () => {
    const request = await submitSample(db, agent, { summary: "Teams: unlinked click" });
    const answer = await approve(bob, request.id);
    expect(answer.httpStatus).toBe(200);
    expect(answer.body).toMatchObject({
      statusCode: 401,
      type: "application/vnd.microsoft.activity.loginRequest",
      value: { buttons: [{ type: "signin", value: expect.stringMatching(/^http:\/\/localhost:3999\/link\/chat\?state=/) }] },
    });
    expect(await decisionsOf(request.id)).toEqual([]);
    const [refused] = await db.select().from(events).where(and(eq(events.type, "chat.refused"), eq(events.streamId, `teams:${standIn.tenantId}:${bob.aadObjectId}`)));
    expect(refused?.data).toMatchObject({ provider: "teams", requestId: request.id, code: "UNLINKED" });
  });

  it("posts the request's card showing no buttons, refreshed for the eligible linked reviewers only, whose own cards have them", async () => {
    const request = await submitSample(db, agent, { summary: "Teams: per-user cards" });
    await linkThroughLoginRequest(bob, bobActor, request.id);
    await linkThroughLoginRequest(erin, erinActor, request.id);
    await runOutbox();
    const posted = cardOf(request.id);
    const shared = latestCard(posted!)!;
    expect(JSON.stringify(shared.actions)).not.toMatch(/countersign\.(approve|reject)/);
    expect(shared.refresh?.userIds).toEqual([bob.teamsUserId]);

    const bobs = await refresh(bob, request.id);
    expect(bobs.body?.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(verbsIn(bobs)).toEqual(["countersign.approve", "countersign.reject"]);
    const erins = await refresh(erin, request.id);
    expect(verbsIn(erins)).toEqual([]);
    expect(JSON.stringify(erins.body?.value)).toContain("You own the agent that made this request");
    // Teams refreshes automatically only for listed users; anyone else's manual refresh is their way to link.
    expect((await refresh(alice, request.id, "automatic")).body).toMatchObject({ statusCode: 404 });
    expect((await refresh(alice, request.id, "manual")).body).toMatchObject({ statusCode: 401 });
  });

  it("refuses the agent's owner by the same rule as the console, and records it with the Teams identity", async () => {
    const request = await submitSample(db, agent, { summary: "Teams: owner clicks Approve" });
    const answer = await approve(erin, request.id);
    expect(answer.body?.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(answer.body?.value)).toContain("You own the agent that made this request");
    expect(verbsIn(answer)).toEqual([]);
    expect(await decisionsOf(request.id)).toEqual([]);
    const refused = (await eventsOf(request.id)).find((event) => event.type === "decision.refused");
    expect(refused).toMatchObject({ actor: { id: erinActor.email, auth: "chat-link", via: { provider: "teams", workspace: standIn.tenantId, externalUserId: erin.aadObjectId } }, data: { code: "SEPARATION_OF_DUTIES" } });
  });

  it("lets a linked eligible reviewer approve: the event records Teams, the grant is issued, the card is updated in place, the owner is told, and a replay changes nothing", async () => {
    const request = await submitSample(db, agent, { summary: "Teams: bob approves" });
    await runOutbox();
    const posted = cardOf(request.id)!;
    const click = { id: `invoke-${request.id}`, type: "invoke", name: "adaptiveCard/action", replyToId: posted.id, from: { id: bob.teamsUserId, aadObjectId: bob.aadObjectId, name: bob.name }, value: { action: { type: "Action.Execute", verb: "countersign.approve", data: { requestId: request.id } }, trigger: "manual" } };
    const answer = await standIn.send(click);
    expect(answer.body?.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(answer.body?.value)).toContain("You approved this request.");
    expect(verbsIn(answer)).toEqual([]);

    const approved = (await eventsOf(request.id)).find((event) => event.type === "decision.approved");
    expect(approved?.actor).toMatchObject({ kind: "user", id: bobActor.email, auth: "chat-link", via: { provider: "teams", workspace: standIn.tenantId, externalUserId: bob.aadObjectId } });
    expect(await db.select().from(grants).where(eq(grants.requestId, request.id))).toHaveLength(1);

    // The Bot Connector's retry, or an attacker's replay, of the same activity: refused, nothing decided twice.
    const replayed = await standIn.send(click);
    expect(replayed.body).toMatchObject({ statusCode: 409, type: "application/vnd.microsoft.error" });
    expect(await decisionsOf(request.id)).toHaveLength(1);

    await runOutbox();
    expect(posted.versions.length).toBeGreaterThan(1);
    const updated = latestCard(posted)!;
    expect((updated.body as { text?: string }[])[0]?.text).toBe("Approved");
    expect(updated.refresh).toBeUndefined();
    expect(JSON.stringify(updated)).toContain(`${bobActor.email} approved`);
    const told = standIn.posted.filter((activity) => activity.conversationId === `a:${erin.teamsUserId}`).map((activity) => activity.versions[0]?.text);
    expect(told).toContainEqual(expect.stringContaining('"Teams: bob approves" was approved'));
  });

  it("refuses a click after the request settled, and records it", async () => {
    const request = await submitSample(db, agent, { summary: "Teams: too late" });
    await approve(bob, request.id);
    await linkThroughLoginRequest(alice, aliceActor, request.id);
    const late = await standIn.invoke(alice, { verb: "countersign.reject", data: { requestId: request.id, reason: "too late" } });
    expect(late.body?.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(verbsIn(late)).toEqual([]);
    const refused = (await eventsOf(request.id)).filter((event) => event.type === "decision.refused");
    expect(refused).toMatchObject([{ actor: { id: aliceActor.email, via: { provider: "teams" } }, data: { code: "INVALID_STATE" } }]);
    expect(await decisionsOf(request.id)).toHaveLength(1);
  });

  it("sends a reviewer to the console with a single-use link where the rule asks for a recent sign-in", async () => {
    await installPolicy(db, { name: "Step-up", rules: [], default: { outcome: "require", stages: [{ approvals: 1, groups: ["reviewers"] }], ttl: "1h", stepUp: 5 } });
    try {
      const request = await submitSample(db, agent, { summary: "Teams: step-up" });
      const answer = await approve(bob, request.id);
      const card = answer.body?.value as { actions: { type: string; url?: string }[] };
      expect(card.actions[0]).toMatchObject({ type: "Action.OpenUrl", url: expect.stringMatching(/\/link\/chat\?state=/) });
      expect(verbsIn(answer)).toEqual([]);
      expect(await decisionsOf(request.id)).toEqual([]);
    } finally {
      await installPolicy(db, quorumDocument(1));
    }
  });

  it("refuses a card action naming no request id, and a verb it never sent", async () => {
    expect((await standIn.invoke(bob, { verb: "countersign.approve", data: { requestId: "../admin" } })).body).toMatchObject({ statusCode: 404 });
    const request = await submitSample(db, agent, { summary: "Teams: unknown verb" });
    expect((await standIn.invoke(bob, { verb: "countersign.delete", data: { requestId: request.id } })).body).toMatchObject({ statusCode: 400 });
    expect(await db.select().from(decisions).where(inArray(decisions.requestId, [request.id]))).toEqual([]);
  });

  it("lists the conversations the bot is in for administrators, marking those requests are posted to", async () => {
    const listed = await listTeamsConversations(db, dave);
    expect(listed).toContainEqual(expect.objectContaining({ id: standIn.channel.id, name: "Countersign demo › Approvals", posting: true }));
    expect(listed).toContainEqual(expect.objectContaining({ id: "19:skew@thread.tacv2", posting: false }));
    expect(listed.map((conversation) => conversation.id)).not.toContain("19:leaving@thread.tacv2");
    await expect(listTeamsConversations(db, bobActor)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
