import { newServiceContext } from "../../lib/services/service-context";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { count, eq, sql } from "drizzle-orm";
import { createDatabase, type Database } from "../../db/client";
import { actionRequests, events } from "../../db/schema";
import { RetryLaterError } from "../../lib/services/errors";
import { submitActionRequest } from "../../lib/services/submit-action-request";
import { cancelActionRequest, postActionRequest } from "./api-client";
import { sampleRequest, seedAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";

// Small limits, so the tests reach them; set before anything reads the configuration.
vi.stubEnv("AGENT_RATE_LIMIT", "4");
vi.stubEnv("AGENT_RATE_WINDOW_SECONDS", "60");
vi.stubEnv("AGENT_MAX_PENDING", "2");
afterAll(() => vi.unstubAllEnvs());

let db: Database;

beforeAll(async () => {
  db = await useTestDatabase();
});

const json = (response: Response) => response.json() as Promise<Record<string, any>>;
/** Everything a refused request could have touched. */
const footprint = async () => ({
  requests: (await db.select({ n: count() }).from(actionRequests))[0]!.n,
  events: (await db.select({ n: count() }).from(events))[0]!.n,
});

async function expect429(response: Response, type: string) {
  expect(response.status).toBe(429);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const retryAfter = response.headers.get("retry-after");
  expect(retryAfter).toMatch(/^\d+$/);
  const body = await json(response);
  expect(body).toMatchObject({ status: 429, type: `urn:countersign:problem:${type}`, requestId: expect.any(String) });
  return { retryAfter: Number(retryAfter), body };
}

describe("a cap on pending requests per agent", () => {
  it("answers 429 with Retry-After once the agent has its cap pending, changing nothing, and accepts again once one is settled", async () => {
    const agent = await seedAgent(db);
    const first = await postActionRequest(sampleRequest, { key: agent.apiKey, idempotencyKey: "first" });
    const firstBody = await json(first);
    expect(first.status).toBe(201);
    expect((await postActionRequest(sampleRequest, { key: agent.apiKey })).status).toBe(201);

    const before = await footprint();
    const { retryAfter, body } = await expect429(await postActionRequest(sampleRequest, { key: agent.apiKey }), "too-many-pending");
    expect(body.detail).toContain("2");
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await footprint()).toEqual(before);

    // A retry of a request already accepted is answered as before, limits or not.
    const replay = await postActionRequest(sampleRequest, { key: agent.apiKey, idempotencyKey: "first" });
    expect(replay.status).toBe(200);
    expect((await json(replay)).id).toBe(firstBody.id);

    // Another agent is not held back by this one.
    expect((await postActionRequest(sampleRequest, { key: (await seedAgent(db)).apiKey })).status).toBe(201);

    await cancelActionRequest(firstBody.id, { key: agent.apiKey });
    expect((await postActionRequest(sampleRequest, { key: agent.apiKey })).status).toBe(201);
  });

  it("does not count requests past their expiry that the sweep has not marked yet", async () => {
    const agent = await seedAgent(db);
    for (let i = 0; i < 2; i++) expect((await postActionRequest(sampleRequest, { key: agent.apiKey })).status).toBe(201);
    await db.update(actionRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(actionRequests.agentId, agent.id));
    expect((await postActionRequest(sampleRequest, { key: agent.apiKey })).status).toBe(201);
  });

  it("holds across replicas: concurrent submissions through two connection pools admit exactly the cap", async () => {
    const agent = await seedAgent(db);
    const replica = createDatabase(process.env.DATABASE_URL!, { max: 4 });
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => submitActionRequest(newServiceContext(i % 2 ? replica : db, agent.actor), { ...sampleRequest, summary: `burst ${i}` }, randomUUID())),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
      for (const r of results.filter((r) => r.status === "rejected")) {
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(RetryLaterError);
        expect((r as PromiseRejectedResult).reason.code).toBe("TOO_MANY_PENDING");
      }
      expect(await db.select().from(actionRequests).where(eq(actionRequests.agentId, agent.id))).toHaveLength(2);
    } finally {
      await replica.$client.end();
    }
  });
});

describe("a rate limit per agent", () => {
  it("answers 429 with the seconds until the oldest counted request leaves the window, changing nothing, and admits again after", async () => {
    const agent = await seedAgent(db);
    const accepted: string[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await postActionRequest(sampleRequest, { key: agent.apiKey, idempotencyKey: `rate-${i}` });
      expect(response.status).toBe(201);
      const { id } = await json(response);
      accepted.push(id);
      // Cancelled at once, so only the rate, not the pending cap, stands in the way.
      await cancelActionRequest(id, { key: agent.apiKey });
    }

    const before = await footprint();
    const { retryAfter, body } = await expect429(await postActionRequest(sampleRequest, { key: agent.apiKey }), "rate-limited");
    expect(body.detail).toContain("4 requests per 60 seconds");
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await footprint()).toEqual(before);

    const replay = await postActionRequest(sampleRequest, { key: agent.apiKey, idempotencyKey: "rate-0" });
    expect(replay.status).toBe(200);
    expect((await json(replay)).id).toBe(accepted[0]);

    // As if the window had passed.
    await db.update(actionRequests).set({ createdAt: sql`${actionRequests.createdAt} - interval '61 seconds'` }).where(eq(actionRequests.agentId, agent.id));
    expect((await postActionRequest(sampleRequest, { key: agent.apiKey })).status).toBe(201);
  });
});
