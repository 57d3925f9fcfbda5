import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { actionRequests, decisions, events, users } from "../../db/schema";
import { startDevSlack, type DevSlack } from "../../lib/dev-slack/server";
import type { ChatIdentity, UserActor } from "../../lib/domain/actor";
import { configureLogger } from "../../lib/logging/logger";
import { addChatTarget } from "../../lib/services/add-chat-target";
import { connectSlackSocket, type SlackSocket } from "../../lib/services/connect-slack-socket";
import { newServiceContext } from "../../lib/services/service-context";
import { alice, bob, erin, installPolicy, quorumDocument, seedAgent, type SeededAgent } from "./fixtures";
import { freePort } from "./global-setup";
import { linkChatIdentity, postedToSlack } from "./chat-fixtures";
import { useTestDatabase } from "./test-database";

const BOT_TOKEN = "xoxb-socket-test-bot-token";
const APP_TOKEN = "xapp-1-A0COUNTERSIGN-socket-test-app-token";
const TEAM = "T0DEMO";
const CHANNEL = "C0APPROVALS";

let db: Database;
let agent: SeededAgent;
let slack: DevSlack;
let apiUrl: string;
/** The worker's connection, as scripts/worker.ts opens it with SLACK_APP_TOKEN. */
let socket: SlackSocket;
const logLines: string[] = [];

beforeAll(async () => {
  const slackPort = await freePort();
  apiUrl = `http://localhost:${slackPort}/api/`;
  vi.stubEnv("SLACK_BOT_TOKEN", BOT_TOKEN);
  vi.stubEnv("SLACK_API_URL", apiUrl);
  configureLogger({ write: (line) => void logLines.push(line) });
  db = await useTestDatabase();
  agent = await seedAgent(db);
  await db.insert(users).values([alice, bob, erin].map((person) => ({ id: person.id, email: person.email, name: person.name, groups: person.groups })));
  // No interactivity URL at all: with Socket Mode on, clicks can only arrive over the socket.
  slack = await startDevSlack({ port: slackPort, botToken: BOT_TOKEN, signingSecret: "unused-with-socket-mode", appToken: APP_TOKEN, teamId: TEAM });
  await addChatTarget(newServiceContext(db, { kind: "system", id: "cli" }), { provider: "slack", target: CHANNEL });
  await installPolicy(db, quorumDocument(1));
  socket = connectSlackSocket(db, { appToken: APP_TOKEN, apiUrl });
  await socket.connected;
});

afterAll(async () => {
  await socket?.stop();
  await slack?.stop();
  configureLogger({ write: (line) => process.stdout.write(`${line}\n`) });
  vi.unstubAllEnvs();
});

const slackUser = (id: string): ChatIdentity => ({ provider: "slack", workspace: TEAM, externalUserId: id });

const link = (person: UserActor, id: string) => linkChatIdentity(db, person, slackUser(id));


const posted = () => postedToSlack(db, agent, slack, CHANNEL);

const decisionsOf = (id: string) => db.select().from(decisions).where(eq(decisions.requestId, id));
const lastAnswer = (user: string) => slack.responses(user).at(-1)?.text;
const eventCount = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(events))[0]!.n;

describe("Slack Socket Mode: clicks over the worker's socket", () => {
  it("an unlinked user's click is acknowledged at once and answered with a link; nothing is decided", async () => {
    expect(slack.sockets()).toBe(1);
    const { id, message } = await posted();
    const click = await slack.click("U0NOBODY", message, "countersign.approve");
    expect(click).toMatchObject({ status: 200, envelope: { type: "interactive", payload: { type: "block_actions" } } });
    expect(click.signed).toBeUndefined();
    await socket.idle();
    expect(lastAnswer("U0NOBODY")).toMatch(/^Link your Slack account first: <http:\/\/localhost:3999\/link\/chat\?state=[^|]+\|/);
    const refused = await db.select().from(events).where(and(eq(events.type, "chat.refused"), sql`${events.data}->>'requestId' = ${id}`));
    expect(refused).toMatchObject([{ streamType: "chat", data: { externalUserId: "U0NOBODY", workspace: TEAM, code: "UNLINKED" } }]);
    expect(await decisionsOf(id)).toEqual([]);
  });

  it("a linked reviewer approves through the same path (the event records Slack); the same envelope delivered again decides nothing twice", async () => {
    await link(bob, "U0BOB");
    const { id, message } = await posted();
    const click = await slack.click("U0BOB", message, "countersign.approve");
    expect(click.status).toBe(200);
    await socket.idle();
    expect(lastAnswer("U0BOB")).toBe("You approved it. The request is approved.");
    const [approved] = await db.select().from(events).where(and(eq(events.type, "decision.approved"), eq(events.streamId, id)));
    expect(approved).toMatchObject({ actor: { kind: "user", id: bob.email, auth: "chat-link", via: slackUser("U0BOB") } });
    const [row] = await db.select({ status: actionRequests.status }).from(actionRequests).where(eq(actionRequests.id, id));
    expect(row?.status).toBe("approved");

    // Slack retries an envelope whose acknowledgement it missed, with the same id: acknowledged again, worked on once.
    const [eventsBefore, answersBefore] = [await eventCount(), slack.responses("U0BOB").length];
    const again = await slack.resend({ ...click.envelope!, retry_attempt: 1, retry_reason: "timeout" });
    expect(again.status).toBe(200);
    await socket.idle();
    expect(await decisionsOf(id)).toHaveLength(1);
    expect(await eventCount()).toBe(eventsBefore);
    expect(slack.responses("U0BOB")).toHaveLength(answersBefore);
  });

  it("Reject opens the modal, and its submission over the socket rejects with the reason", async () => {
    const { id, message } = await posted();
    await slack.click("U0BOB", message, "countersign.reject");
    await socket.idle();
    const [modal] = slack.views("U0BOB");
    expect(modal?.view).toMatchObject({ callback_id: "countersign.reject-reason" });
    expect((await slack.submitView("U0BOB", modal!.id, "Not during the freeze window")).status).toBe(200);
    await socket.idle();
    expect(await decisionsOf(id)).toMatchObject([{ outcome: "reject", reason: "Not during the freeze window", deciderId: bob.email }]);
  });

  it("the connection's state is logged, and neither the app token nor a payload ever is", () => {
    const text = logLines.join("\n");
    expect(text).toContain("Slack Socket Mode: connected");
    expect(text).not.toContain(APP_TOKEN);
    expect(text).not.toContain("U0NOBODY");
  });
});

describe("Slack Socket Mode: a refused app token", () => {
  it("is reported by the client (invalid_auth) without the token in any log line, and no socket is opened", async () => {
    const wrong = "xapp-1-A0COUNTERSIGN-not-the-app-token";
    const from = logLines.length;
    const refused = connectSlackSocket(db, { appToken: wrong, apiUrl });
    await expect(refused.connected).rejects.toMatchObject({ data: { ok: false, error: "invalid_auth" } });
    await refused.stop();
    const lines = logLines.slice(from);
    expect(lines.some((line) => line.includes("could not connect") && line.includes("invalid_auth"))).toBe(true);
    expect(lines.join("\n")).not.toContain(wrong);
    expect(slack.sockets()).toBe(1);
  });
});
