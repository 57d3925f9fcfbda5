import { assert, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { agents, apiKeys, events } from "../../db/schema";
import { POLICY_CHANGE_AGENT } from "../../lib/domain/policy/policy-change";
import { authenticateAgent, LAST_USED_RESOLUTION_MS } from "../../lib/services/authenticate-agent";
import { createAgent } from "../../lib/services/create-agent";
import type { ServiceError } from "../../lib/services/errors";
import { rotateApiKey } from "../../lib/services/issue-api-key";
import { listAgents } from "../../lib/services/list-agents";
import { revokeAgent } from "../../lib/services/revoke-agent";
import { newServiceContext } from "../../lib/services/service-context";
import { alice, carol, dave, seedAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";

let db: Database;

beforeAll(async () => {
  db = await useTestDatabase();
});

const refusal = (promise: Promise<unknown>) => promise.then(() => assert.fail("expected a refusal"), (error: unknown) => error as ServiceError);
const agentEvents = (agentId: string) => db.select().from(events).where(and(eq(events.streamType, "agent"), eq(events.streamId, agentId))).orderBy(events.id);

describe("agents, for administrators only", () => {
  it("refuses everyone else in the verb itself, and changes nothing", async () => {
    const agent = await seedAgent(db);
    const [before] = await db.select({ n: count() }).from(events);
    for (const person of [alice, carol]) {
      expect(await refusal(listAgents(db, person))).toMatchObject({ code: "FORBIDDEN" });
      expect(await refusal(createAgent(newServiceContext(db, person), { name: `by-${person.id}`, ownerEmail: "erin@example.com" }))).toMatchObject({ code: "FORBIDDEN" });
      expect(await refusal(rotateApiKey(newServiceContext(db, person), agent.id))).toMatchObject({ code: "FORBIDDEN" });
      expect(await refusal(revokeAgent(newServiceContext(db, person), agent.id))).toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await db.select().from(agents).where(inArray(agents.name, [`by-${alice.id}`, `by-${carol.id}`]))).toEqual([]);
    expect(await db.select({ n: count() }).from(events)).toEqual([before]);
    expect(await authenticateAgent(db, agent.apiKey)).toMatchObject({ id: agent.id });
  });

  it("lists an agent an administrator created with its owner, key prefix and no use yet; each action is an event of the administrator's call", async () => {
    const ctx = newServiceContext(db, dave);
    const created = await createAgent(ctx, { name: "deploy-bot", ownerEmail: "Erin@Example.com" });
    expect(created).toMatchObject({ name: "deploy-bot", owner: "erin@example.com", apiKey: expect.stringMatching(/^cs_live_/) });
    const listed = (await listAgents(db, dave)).find((agent) => agent.id === created.id);
    expect(listed).toEqual({
      id: created.id,
      name: "deploy-bot",
      owner: "erin@example.com",
      status: "active",
      createdAt: created.createdAt,
      revokedAt: null,
      keyPrefix: created.apiKey.slice(0, 12),
      lastUsedAt: null,
    });
    expect((await agentEvents(created.id)).map((e) => [e.type, e.actor.id, e.correlationId])).toEqual([
      ["agent.created", "dave@example.com", ctx.requestId],
      ["api_key.created", "dave@example.com", ctx.requestId],
    ]);
    // The key itself is nowhere in the database: neither the key row nor any event holds it.
    const stored = JSON.stringify([await db.select().from(apiKeys).where(eq(apiKeys.agentId, created.id)), await agentEvents(created.id)]);
    expect(stored).not.toContain(created.apiKey);
  });

  it("leaves Countersign's own policy-change agent out, and will neither give it a key nor revoke it", async () => {
    // As the first policy change proposed creates it.
    await db.insert(agents).values({ ...POLICY_CHANGE_AGENT, createdAt: new Date() }).onConflictDoNothing();
    expect((await listAgents(db, dave)).map((agent) => agent.id)).not.toContain(POLICY_CHANGE_AGENT.id);
    expect(await refusal(rotateApiKey(newServiceContext(db, dave), POLICY_CHANGE_AGENT.id))).toMatchObject({ code: "NOT_FOUND" });
    expect(await refusal(revokeAgent(newServiceContext(db, dave), POLICY_CHANGE_AGENT.id))).toMatchObject({ code: "NOT_FOUND" });
    expect(await db.select().from(apiKeys).where(eq(apiKeys.agentId, POLICY_CHANGE_AGENT.id))).toEqual([]);
  });
});

describe("rotating a key", () => {
  it("makes the new key work at once and the old one stop at the same commit, recorded as events", async () => {
    const agent = await seedAgent(db);
    const ctx = newServiceContext(db, dave);
    const rotated = await rotateApiKey(ctx, agent.id);
    expect(rotated.apiKey).not.toBe(agent.apiKey);
    expect(await authenticateAgent(db, agent.apiKey)).toBeNull();
    expect(await authenticateAgent(db, rotated.apiKey)).toMatchObject({ id: agent.id });
    expect((await listAgents(db, dave)).find((a) => a.id === agent.id)).toMatchObject({ status: "active", keyPrefix: rotated.apiKey.slice(0, 12) });
    const rotation = (await agentEvents(agent.id)).filter((e) => e.correlationId === ctx.requestId);
    expect(rotation.map((e) => [e.type, e.actor.id, (e.data as { reason?: string }).reason])).toEqual([
      ["api_key.revoked", "dave@example.com", "rotated"],
      ["api_key.created", "dave@example.com", undefined],
    ]);
  });

  it("is refused for a revoked agent, whose keys stay dead", async () => {
    const agent = await seedAgent(db);
    await revokeAgent(newServiceContext(db, dave), agent.id);
    expect(await refusal(rotateApiKey(newServiceContext(db, dave), agent.id))).toMatchObject({ code: "INVALID_STATE" });
    expect(await refusal(rotateApiKey(newServiceContext(db, dave), "not-a-uuid"))).toMatchObject({ code: "NOT_FOUND" });
    expect(await db.select().from(apiKeys).where(and(eq(apiKeys.agentId, agent.id)))).toEqual([expect.objectContaining({ revokedAt: expect.any(Date) })]);
    expect((await listAgents(db, dave)).find((a) => a.id === agent.id)).toMatchObject({ status: "revoked", keyPrefix: null, revokedAt: expect.any(String) });
  });
});

describe("last used", () => {
  it("is recorded on authentication at most once a minute per key", async () => {
    const agent = await seedAgent(db);
    const lastUsed = async () => (await db.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.agentId, agent.id)))[0]?.at;
    const first = new Date(Date.now() + 5_000);
    await authenticateAgent(db, agent.apiKey, first);
    expect(await lastUsed()).toEqual(first);
    await authenticateAgent(db, agent.apiKey, new Date(first.getTime() + LAST_USED_RESOLUTION_MS - 1));
    expect(await lastUsed()).toEqual(first);
    const later = new Date(first.getTime() + LAST_USED_RESOLUTION_MS);
    await authenticateAgent(db, agent.apiKey, later);
    expect(await lastUsed()).toEqual(later);
    expect((await listAgents(db, dave)).find((a) => a.id === agent.id)?.lastUsedAt).toBe(later.toISOString());
    // A refused key records nothing.
    await authenticateAgent(db, `${agent.apiKey}x`, new Date(later.getTime() + 10 * LAST_USED_RESOLUTION_MS));
    expect(await lastUsed()).toEqual(later);
  });
});
