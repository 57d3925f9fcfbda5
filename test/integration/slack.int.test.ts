import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { actionRequests, decisions, events, users, webhookAttempts } from "../../db/schema";
import { buttonsOf, startDevSlack, type DevSlack } from "../../lib/dev-slack/server";
import type { ChatIdentity, UserActor } from "../../lib/domain/actor";
import { slackSignature } from "../../lib/domain/chat/slack-signature";
import { slackInteractionsRoute } from "../../lib/http/slack-interactions";
import { addChatTarget } from "../../lib/services/add-chat-target";
import { redeemChatLink } from "../../lib/services/redeem-chat-link";
import { newServiceContext } from "../../lib/services/service-context";
import { alice, bob, erin, installPolicy, quorumDocument, seedAgent, type SeededAgent } from "./fixtures";
import { freePort } from "./global-setup";
import { serveRoutes, stopServer, type RouteHandler } from "./route-server";
import { drainOutbox, linkChatIdentity, postedToSlack } from "./chat-fixtures";
import { useTestDatabase } from "./test-database";

const BOT_TOKEN = "xoxb-integration-test-bot-token";
const SIGNING_SECRET = "integration-test-slack-signing-secret";
const TEAM = "T0DEMO";
const CHANNEL = "C0APPROVALS";

let db: Database;
let agent: SeededAgent;
let slack: DevSlack;
let server: Server;
/** What the route left to do after its acknowledgement (Next.js's after() in the app). */
const deferred: Promise<void>[] = [];
const route = slackInteractionsRoute((task) => void deferred.push(task()));

beforeAll(async () => {
  const [slackPort, routePort] = [await freePort(), await freePort()];
  vi.stubEnv("SLACK_BOT_TOKEN", BOT_TOKEN);
  vi.stubEnv("SLACK_SIGNING_SECRET", SIGNING_SECRET);
  vi.stubEnv("SLACK_API_URL", `http://localhost:${slackPort}/api/`);
  db = await useTestDatabase();
  agent = await seedAgent(db);
  await db.insert(users).values([alice, bob, erin].map((person) => ({ id: person.id, email: person.email, name: person.name, groups: person.groups })));
  server = await serveRoutes(routePort, [["POST", /^\/api\/slack\/interactions$/, route as RouteHandler]]);
  slack = await startDevSlack({ port: slackPort, botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, interactionsUrl: `http://127.0.0.1:${routePort}/api/slack/interactions`, teamId: TEAM });
  await addChatTarget(newServiceContext(db, { kind: "system", id: "cli" }), { provider: "slack", target: CHANNEL });
  // A second channel: every request is posted to both, and the owner must still hear the outcome once.
  await addChatTarget(newServiceContext(db, { kind: "system", id: "cli" }), { provider: "slack", target: "C0SECOND" });
  await installPolicy(db, quorumDocument(1));
});

afterAll(async () => {
  await slack?.stop();
  await stopServer(server);
  vi.unstubAllEnvs();
});

const slackUser = (id: string): ChatIdentity => ({ provider: "slack", workspace: TEAM, externalUserId: id });

const link = (person: UserActor, id: string) => linkChatIdentity(db, person, slackUser(id));

const deliver = () => drainOutbox(db);

/** Waits for the work the route deferred (the decision and the answer). */
const settle = async () => void (await Promise.all(deferred.splice(0)));

const posted = () => postedToSlack(db, agent, slack, CHANNEL);

const decisionsOf = (id: string) => db.select().from(decisions).where(eq(decisions.requestId, id));
const lastAnswer = (user: string) => slack.responses(user).at(-1)?.text;

describe("Slack: requests in the channel", () => {
  it("posts a new request with its fields and Approve/Reject buttons valued with its id", async () => {
    const { id, message } = await posted();
    expect(message.text).toContain("Export customers who churned in October");
    const text = JSON.stringify(message.blocks);
    for (const field of ["db.export", "production", "postgres://prod-db/customers", "1 approval still needed"]) expect(text).toContain(field);
    expect(buttonsOf(message).map((button) => [button.action_id, button.value ?? null])).toEqual([
      ["countersign.approve", id],
      ["countersign.reject", id],
      ["countersign.open", null],
    ]);
    // Every attempt is recorded like a webhook's, for /admin.
    const attempts = await db.select({ errorClass: webhookAttempts.errorClass }).from(webhookAttempts);
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.every((attempt) => attempt.errorClass === null)).toBe(true);
  });
});

describe("Slack: clicks that are refused", () => {
  it("a forged signature: 401 problem, nothing done", async () => {
    const { id, message } = await posted();
    const eventsBefore = (await db.select({ n: sql<number>`count(*)::int` }).from(events))[0]!.n;
    const result = await slack.click("U0BOB", message, "countersign.approve", { secret: "not-the-signing-secret" });
    expect(result.status).toBe(401);
    expect(JSON.parse(result.body)).toMatchObject({ type: "urn:countersign:problem:unauthenticated", status: 401 });
    expect(deferred).toHaveLength(0);
    expect(await decisionsOf(id)).toEqual([]);
    expect((await db.select({ n: sql<number>`count(*)::int` }).from(events))[0]!.n).toBe(eventsBefore);
  });

  it("a stale timestamp, correctly signed: 401, nothing done", async () => {
    const { id, message } = await posted();
    const result = await slack.click("U0BOB", message, "countersign.approve", { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(result.status).toBe(401);
    expect(JSON.parse(result.body).detail).toContain("five minutes");
    expect(deferred).toHaveLength(0);
    expect(await decisionsOf(id)).toEqual([]);
  });

  it("an unlinked Slack user: acknowledged, answered with a link to link, recorded as chat.refused, nothing decided; the same request replayed is refused", async () => {
    const { id, message } = await posted();
    const click = await slack.click("U0NOBODY", message, "countersign.approve");
    expect(click).toMatchObject({ status: 200, body: "" });
    await settle();
    expect(lastAnswer("U0NOBODY")).toMatch(/^Link your Slack account first: <http:\/\/localhost:3999\/link\/chat\?state=[^|]+\|/);
    const refusedFor = () => db.select().from(events).where(and(eq(events.type, "chat.refused"), sql`${events.data}->>'requestId' = ${id}`));
    expect(await refusedFor()).toMatchObject([{ streamType: "chat", data: { externalUserId: "U0NOBODY", workspace: TEAM, code: "UNLINKED" } }]);
    const replay = await slack.send(click.signed!);
    expect(replay.status).toBe(409);
    expect(replay.body).toContain("already received");
    expect(deferred).toHaveLength(0);
    expect(await refusedFor()).toHaveLength(1);
    expect(await decisionsOf(id)).toEqual([]);
  });

  it("the agent's owner clicking Approve: refused by canDecide, told so, recorded as decision.refused with the Slack identity", async () => {
    await link(erin, "U0ERIN");
    const { id, message } = await posted();
    await slack.click("U0ERIN", message, "countersign.approve");
    await settle();
    expect(lastAnswer("U0ERIN")).toBe("You own the agent that made this request, so someone else must decide it.");
    expect(await decisionsOf(id)).toEqual([]);
    const [refused] = await db.select().from(events).where(and(eq(events.type, "decision.refused"), eq(events.streamId, id)));
    expect(refused).toMatchObject({ actor: { id: erin.email, auth: "chat-link", via: slackUser("U0ERIN") }, data: { code: "SEPARATION_OF_DUTIES" } });
  });

  it("a correctly signed body that is not Slack's shape: 400 problem+json, nothing deferred", async () => {
    const body = "payload=%7Bnot+json";
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": timestamp, "x-slack-signature": slackSignature(SIGNING_SECRET, timestamp, body) };
    const result = await slack.send({ body, headers });
    expect(result.status).toBe(400);
    expect(JSON.parse(result.body)).toMatchObject({ type: "urn:countersign:problem:validation", errors: [{ path: "payload" }] });
    expect(deferred).toHaveLength(0);
  });
});

describe("Slack: deciding", () => {
  it("a linked eligible reviewer approves: the event records Slack, the message loses its buttons, the owner is told; a later click is refused and recorded", async () => {
    await link(bob, "U0BOB");
    const { id, message } = await posted();
    await slack.click("U0BOB", message, "countersign.approve");
    await settle();
    expect(lastAnswer("U0BOB")).toBe("You approved it. The request is approved.");
    const [approved] = await db.select().from(events).where(and(eq(events.type, "decision.approved"), eq(events.streamId, id)));
    expect(approved).toMatchObject({ actor: { kind: "user", id: bob.email, auth: "chat-link", via: slackUser("U0BOB") } });
    const [row] = await db.select({ status: actionRequests.status }).from(actionRequests).where(eq(actionRequests.id, id));
    expect(row?.status).toBe("approved");

    await deliver();
    const updated = slack.messages(CHANNEL).find((candidate) => candidate.ts === message.ts)!;
    expect(updated.updates).toBeGreaterThan(0);
    expect(JSON.stringify(updated.blocks)).toContain("bob@example.com approved");
    expect(buttonsOf(updated).map((button) => button.action_id)).toEqual(["countersign.open"]);
    expect(slack.messages("C0SECOND").filter((other) => buttonsOf(other).some((button) => button.url?.endsWith(id)))).toHaveLength(1);
    expect(slack.messages("DU0ERIN").filter((dm) => dm.text.includes(id)).map((dm) => dm.text)).toEqual([expect.stringMatching(/ was approved: http:\/\/localhost:3999\/requests\//)]);

    // Alice still has the old message open: its Approve button carries the request id.
    await link(alice, "U0ALICE");
    await slack.click("U0ALICE", message, "countersign.approve", { value: id });
    await settle();
    expect(lastAnswer("U0ALICE")).toBe("This request is approved; it no longer takes decisions.");
    expect(await decisionsOf(id)).toHaveLength(1);
    const [late] = await db.select().from(events).where(and(eq(events.type, "decision.refused"), eq(events.streamId, id)));
    expect(late).toMatchObject({ actor: { id: alice.email, via: slackUser("U0ALICE") }, data: { code: "INVALID_STATE" } });
  });

  it("Reject opens a modal for the reason, and its submission rejects with it", async () => {
    const { id, message } = await posted();
    await slack.click("U0BOB", message, "countersign.reject");
    await settle();
    expect(await decisionsOf(id)).toEqual([]);
    const [modal] = slack.views("U0BOB");
    expect(modal?.view).toMatchObject({ callback_id: "countersign.reject-reason" });
    const submitted = await slack.submitView("U0BOB", modal!.id, "Not during the freeze window");
    expect(submitted.status).toBe(200);
    await settle();
    expect(lastAnswer("U0BOB")).toBe("You rejected it. The request is rejected.");
    expect(await decisionsOf(id)).toMatchObject([{ outcome: "reject", reason: "Not during the freeze window", deciderId: bob.email }]);
  });

  it("a step-up rule: the click answers with a single-use console link and decides nothing", async () => {
    await installPolicy(db, { name: "Step-up", rules: [], default: { outcome: "require", stages: [{ approvals: 1, groups: ["reviewers"] }], ttl: "1h", stepUp: 5 } });
    const { id, message } = await posted();
    await slack.click("U0BOB", message, "countersign.approve");
    await settle();
    const answer = lastAnswer("U0BOB")!;
    expect(answer).toContain("asks for a recent sign-in");
    expect(await decisionsOf(id)).toEqual([]);
    const state = /state=([^|>]+)/.exec(answer)![1]!;
    expect(await redeemChatLink(newServiceContext(db, bob), state)).toEqual({ purpose: "decide", requestId: id });
    await expect(redeemChatLink(newServiceContext(db, bob), state)).rejects.toMatchObject({ code: "INVALID_STATE" });
    await installPolicy(db, quorumDocument(1));
  });
});
