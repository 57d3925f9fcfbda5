import { beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { actionRequests, chatLinks, decisions, events, users } from "../../db/schema";
import type { ChatIdentity, UserActor } from "../../lib/domain/actor";
import { decideFromChat } from "../../lib/services/decide-from-chat";
import { type ServiceError } from "../../lib/services/errors";
import { issueChatLink } from "../../lib/services/issue-chat-link";
import { listChatLinks } from "../../lib/services/list-chat-links";
import { readChatLink } from "../../lib/services/read-chat-link";
import { redeemChatLink } from "../../lib/services/redeem-chat-link";
import { newServiceContext } from "../../lib/services/service-context";
import { unlinkChatIdentity } from "../../lib/services/unlink-chat-identity";
import { alice, bob, erin, installPolicy, quorumDocument, seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { linkChatIdentity } from "./chat-fixtures";
import { useTestDatabase } from "./test-database";

let db: Database;
let agent: SeededAgent;

const slackUser = (id: string): ChatIdentity => ({ provider: "slack", workspace: "T0TEAM", externalUserId: id });
const tokenOf = (url: string) => new URL(url).searchParams.get("state")!;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
  // The fixtures' actors use their email as id; the users rows (what a chat link resolves to) match.
  await db.insert(users).values([alice, bob, erin].map((person) => ({ id: person.id, email: person.email, name: person.name, groups: person.groups })));
});

const link = (person: UserActor, identity: ChatIdentity) => linkChatIdentity(db, person, identity);

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ServiceError);

describe("linking a chat identity", () => {
  it("works once, through the person's own sign-in, and is recorded as chat.linked", async () => {
    const identity = slackUser("U0BOB");
    const url = await issueChatLink(db, identity, { purpose: "link" }, new Date());
    expect(url).toMatch(/^http:\/\/localhost:3999\/link\/chat\?state=/);
    expect(await readChatLink(tokenOf(url), new Date(), db)).toMatchObject({ purpose: "link", identity });
    const ctx = newServiceContext(db, bob);
    expect(await redeemChatLink(ctx, tokenOf(url))).toEqual({ purpose: "link", identity });
    expect(await listChatLinks(bob, db)).toEqual([expect.objectContaining(identity)]);
    const [event] = await db.select().from(events).where(eq(events.correlationId, ctx.requestId));
    expect(event).toMatchObject({ type: "chat.linked", streamType: "user", streamId: bob.id, actor: { id: bob.email, auth: "oidc-session" }, data: identity });
    // Used: the page shows nothing to confirm, and a second POST is refused.
    expect(await readChatLink(tokenOf(url), new Date(), db)).toBeNull();
    expect((await refusal(redeemChatLink(newServiceContext(db, alice), tokenOf(url))))?.code).toBe("INVALID_STATE");
  });

  it("refuses an altered, a foreign or an expired link", async () => {
    const url = await issueChatLink(db, slackUser("U0X"), { purpose: "link" }, new Date());
    const token = tokenOf(url);
    const [header, payload, signature] = token.split(".");
    const altered = `${header}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith("AA") ? "BB" : "AA"}`;
    expect(await readChatLink(altered, new Date(), db)).toBeNull();
    expect((await refusal(redeemChatLink(newServiceContext(db, alice), altered)))?.code).toBe("INVALID_STATE");
    expect(await readChatLink(token, new Date(Date.now() + 11 * 60_000), db)).toBeNull();
    expect((await refusal(redeemChatLink(newServiceContext(db, alice, new Date(Date.now() + 11 * 60_000)), token)))?.code).toBe("INVALID_STATE");
  });

  it("does not move a chat identity linked to someone else, and unlinking is recorded", async () => {
    await link(alice, slackUser("U0SHARED"));
    expect((await refusal(link(bob, slackUser("U0SHARED"))))?.code).toBe("CONFLICT");
    const ctx = newServiceContext(db, alice);
    await unlinkChatIdentity(ctx, slackUser("U0SHARED"));
    expect(await db.select().from(chatLinks).where(eq(chatLinks.externalUserId, "U0SHARED"))).toEqual([]);
    expect(await db.select({ type: events.type }).from(events).where(eq(events.correlationId, ctx.requestId))).toEqual([{ type: "chat.unlinked" }]);
    expect((await refusal(unlinkChatIdentity(newServiceContext(db, bob), slackUser("U0BOB2"))))?.code).toBe("NOT_FOUND");
  });
});

describe("deciding from a chat", () => {
  const pending = async () => (await submitSample(db, agent)).id;
  const decisionsOf = (id: string) => db.select().from(decisions).where(eq(decisions.requestId, id));
  const eventsOf = (correlationId: string) => db.select().from(events).where(eq(events.correlationId, correlationId)).orderBy(asc(events.id));

  it("an unlinked chat user decides nothing, is offered a link, and the attempt is recorded", async () => {
    await installPolicy(db, quorumDocument(1));
    const id = await pending();
    const ctx = newServiceContext(db, { kind: "system", id: "countersign" });
    const result = await decideFromChat(ctx, slackUser("U0NOBODY"), id, "approve");
    expect(result).toMatchObject({ kind: "link-account", url: expect.stringContaining("/link/chat?state=") });
    expect(await readChatLink(tokenOf((result as { url: string }).url), new Date(), db)).toMatchObject({ purpose: "link", identity: slackUser("U0NOBODY") });
    expect(await decisionsOf(id)).toEqual([]);
    expect(await eventsOf(ctx.requestId)).toMatchObject([{ type: "chat.refused", streamType: "chat", data: { ...slackUser("U0NOBODY"), requestId: id, code: "UNLINKED" } }]);
  });

  it("the agent's owner is refused by the same rule as in the console, recorded with the chat identity", async () => {
    await link(erin, slackUser("U0ERIN"));
    const id = await pending();
    const ctx = newServiceContext(db, { kind: "system", id: "countersign" });
    expect(await decideFromChat(ctx, slackUser("U0ERIN"), id, "approve")).toMatchObject({ kind: "refused", code: "SEPARATION_OF_DUTIES" });
    expect(await decisionsOf(id)).toEqual([]);
    expect(await eventsOf(ctx.requestId)).toMatchObject([
      { type: "decision.refused", actor: { kind: "user", id: erin.email, auth: "chat-link", via: slackUser("U0ERIN") }, data: { code: "SEPARATION_OF_DUTIES" } },
    ]);
  });

  it("a linked eligible reviewer decides, the event records the chat identity; a click after it settled is refused and recorded", async () => {
    const id = await pending();
    const ctx = newServiceContext(db, { kind: "system", id: "countersign" });
    expect(await decideFromChat(ctx, slackUser("U0BOB"), id, "approve")).toMatchObject({ kind: "decided", result: { status: "approved" } });
    const decided = await eventsOf(ctx.requestId);
    expect(decided.find((event) => event.type === "decision.approved")).toMatchObject({ actor: { id: bob.email, auth: "chat-link", via: slackUser("U0BOB"), groups: bob.groups } });
    expect(decided.some((event) => event.type === "grant.issued")).toBe(true);
    await link(alice, slackUser("U0ALICE"));
    const late = newServiceContext(db, { kind: "system", id: "countersign" });
    expect(await decideFromChat(late, slackUser("U0ALICE"), id, "reject", "too late")).toMatchObject({ kind: "refused", code: "INVALID_STATE" });
    expect(await eventsOf(late.requestId)).toMatchObject([{ type: "decision.refused", actor: { id: alice.email, via: slackUser("U0ALICE") }, data: { code: "INVALID_STATE" } }]);
    expect(await decisionsOf(id)).toHaveLength(1);
  });

  it("a step-up rule sends the reviewer to the console with a single-use link that only they can follow", async () => {
    await installPolicy(db, { name: "Step-up", rules: [], default: { outcome: "require", stages: [{ approvals: 1, groups: ["reviewers"] }], ttl: "1h", stepUp: 5 } });
    const id = await pending();
    const ctx = newServiceContext(db, { kind: "system", id: "countersign" });
    const result = await decideFromChat(ctx, slackUser("U0BOB"), id, "approve");
    expect(result).toMatchObject({ kind: "decide-in-console" });
    expect(await decisionsOf(id)).toEqual([]);
    const [request] = await db.select({ status: actionRequests.status }).from(actionRequests).where(eq(actionRequests.id, id));
    expect(request?.status).toBe("pending");
    const token = tokenOf((result as { url: string }).url);
    // Someone else signed in cannot use bob's link; bob can, once.
    expect((await refusal(redeemChatLink(newServiceContext(db, alice), token)))?.code).toBe("FORBIDDEN");
    const second = await issueChatLink(db, slackUser("U0BOB"), { purpose: "decide", requestId: id }, new Date());
    expect(await redeemChatLink(newServiceContext(db, bob), tokenOf(second))).toEqual({ purpose: "decide", requestId: id });
    expect((await refusal(redeemChatLink(newServiceContext(db, bob), tokenOf(second))))?.code).toBe("INVALID_STATE");
  });

  it("refuses a button value that is not a request id without recording or linking anything", async () => {
    const ctx = newServiceContext(db, { kind: "system", id: "countersign" });
    expect(await decideFromChat(ctx, slackUser("U0BOB"), "../../admin", "approve")).toMatchObject({ kind: "refused", code: "NOT_FOUND" });
    expect(await db.select().from(events).where(and(eq(events.correlationId, ctx.requestId)))).toEqual([]);
  });
});
