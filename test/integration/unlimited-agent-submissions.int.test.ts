import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { createDatabase, type Database } from "../../db/client";
import { actionRequests, events } from "../../db/schema";
import { ServiceError } from "../../lib/services/errors";
import { revokeAgent } from "../../lib/services/revoke-agent";
import { newServiceContext } from "../../lib/services/service-context";
import { submitActionRequest } from "../../lib/services/submit-action-request";
import { dave, sampleRequest, seedAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";

// Without limits to count, an agent's submissions share its row lock and run side by side; these
// tests hold the one thing that lock no longer serialises: a retry racing its original.
vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

let db: Database;
let replica: Database;

beforeAll(async () => {
  db = await useTestDatabase();
  replica = createDatabase(process.env.DATABASE_URL!, { max: 8 });
  return () => replica.$client.end();
});

const burst = (agent: Awaited<ReturnType<typeof seedAgent>>, bodies: (typeof sampleRequest)[], key: string) =>
  Promise.allSettled(bodies.map((body, i) => submitActionRequest(newServiceContext(i % 2 ? replica : db, agent.actor), body, key)));

describe("one agent without limits, many submissions at once", () => {
  it("stores a retry racing its original once: every caller gets that request, one as new and the rest as replays", async () => {
    const agent = await seedAgent(db);
    const results = await burst(agent, Array.from({ length: 12 }, () => sampleRequest), "raced-retry");
    const outcomes = results.map((r) => {
      expect(r.status).toBe("fulfilled");
      return (r as PromiseFulfilledResult<Awaited<ReturnType<typeof submitActionRequest>>>).value;
    });
    const stored = await db.select().from(actionRequests).where(eq(actionRequests.agentId, agent.id));
    expect(stored).toHaveLength(1);
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.view.id))).toEqual(new Set([stored[0]!.id]));
    expect(await db.select().from(events).where(and(eq(events.streamId, stored[0]!.id), eq(events.type, "request.created")))).toHaveLength(1);
  });

  it("refuses the same key with other bodies racing it (409), storing only one", async () => {
    const agent = await seedAgent(db);
    const results = await burst(agent, Array.from({ length: 12 }, (_, i) => ({ ...sampleRequest, summary: `body ${i}` })), "raced-conflict");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ServiceError);
      expect((r as PromiseRejectedResult).reason.code).toBe("CONFLICT");
    }
    expect(await db.select().from(actionRequests).where(eq(actionRequests.agentId, agent.id))).toHaveLength(1);
  });

  it("accepts different keys side by side", async () => {
    const agent = await seedAgent(db);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => submitActionRequest(newServiceContext(i % 2 ? replica : db, agent.actor), sampleRequest, `key-${i}`)));
    expect(results.every((r) => !r.replayed)).toBe(true);
    expect(await db.select().from(actionRequests).where(eq(actionRequests.agentId, agent.id))).toHaveLength(12);
  });

  it("a revocation racing a burst leaves nothing of the agent's pending: each submission is refused or cancelled", async () => {
    const agent = await seedAgent(db);
    const submissions = Array.from({ length: 12 }, (_, i) => submitActionRequest(newServiceContext(i % 2 ? replica : db, agent.actor), sampleRequest, `burst-${i}`));
    const revoked = await revokeAgent(newServiceContext(db, dave), agent.id);
    const results = await Promise.allSettled(submissions);
    for (const r of results.filter((r) => r.status === "rejected")) expect((r as PromiseRejectedResult).reason.code).toBe("UNAUTHENTICATED");
    const stored = await db.select({ status: actionRequests.status }).from(actionRequests).where(eq(actionRequests.agentId, agent.id));
    expect(stored).toHaveLength(results.filter((r) => r.status === "fulfilled").length);
    expect(stored.every((r) => r.status === "cancelled")).toBe(true);
    expect(revoked.cancelledRequests).toBe(stored.length);
  });
});
