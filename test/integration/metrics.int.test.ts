import { newServiceContext } from "../../lib/services/service-context";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as metricsRoute, POST as metricsPost } from "../../app/metrics/route";
import { max } from "drizzle-orm";
import type { Database } from "../../db/client";
import { policies } from "../../db/schema";
import { DEFAULT_POLICY_ID } from "../../lib/services/load-policy";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { sealEvents } from "../../lib/services/seal-events";
import { getActionRequest, postActionRequest } from "./api-client";
import { alice, sampleRequest, seedAgent, type SeededAgent } from "./fixtures";
import { sealerDatabase, TEST_APP_URL, useTestDatabase } from "./test-database";
import { parsePrometheusText } from "../support/prometheus-text";

const TOKEN = `metrics-${randomUUID()}`;
let db: Database;
let agent: SeededAgent;

beforeAll(async () => {
  // Before the first getConfig() of this file, which caches the configuration.
  process.env.METRICS_TOKEN = TOKEN;
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

const scrapeResponse = (authorization?: string) =>
  metricsRoute(new Request(`${TEST_APP_URL}/metrics`, { headers: authorization ? { authorization } : {} }));

/** The exposition as `name{labels}` → value, labels as Prometheus prints them. */
async function scrape(): Promise<Map<string, number>> {
  const response = await scrapeResponse(`Bearer ${TOKEN}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  const text = await response.text();
  return parsePrometheusText(text);
}

const value = (figures: Map<string, number>, series: string) => figures.get(series) ?? 0;

describe("GET /metrics", () => {
  it("counts API calls by method, route template and status, never by raw path", async () => {
    const before = await scrape();
    const created = await postActionRequest(sampleRequest, { key: agent.apiKey });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    expect((await getActionRequest(id, { key: agent.apiKey })).status).toBe(200);
    expect((await getActionRequest(id, { key: agent.apiKey })).status).toBe(200);
    expect((await getActionRequest(randomUUID(), { key: agent.apiKey })).status).toBe(404);
    expect((await getActionRequest(id, { key: "cs_live_not-a-key" })).status).toBe(401);

    const after = await scrape();
    const delta = (series: string) => value(after, series) - value(before, series);
    expect(delta('countersign_http_requests_total{method="POST",route="/api/v1/action-requests",status="201"}')).toBe(1);
    expect(delta('countersign_http_requests_total{method="GET",route="/api/v1/action-requests/{requestId}",status="200"}')).toBe(2);
    expect(delta('countersign_http_requests_total{method="GET",route="/api/v1/action-requests/{requestId}",status="404"}')).toBe(1);
    expect(delta('countersign_http_requests_total{method="GET",route="/api/v1/action-requests/{requestId}",status="401"}')).toBe(1);
    expect(delta('countersign_http_request_duration_seconds_count{method="GET",route="/api/v1/action-requests/{requestId}",status="200"}')).toBe(2);
    expect(delta('countersign_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/api/v1/action-requests",status="201"}')).toBe(1);
    expect([...after.keys()].some((series) => series.includes(id))).toBe(false);
  });

  it("reports the pending queue, seal lag and masking read from PostgreSQL", async () => {
    const before = await scrape();
    const created = await postActionRequest({ ...sampleRequest, context: { env: "DB_PASSWORD=hunter2hunter2" } }, { key: agent.apiKey });
    expect(created.status).toBe(201);
    const { masking } = await (await getActionRequest((await created.json()).id, { key: agent.apiKey })).json();
    const [[kind, count]] = Object.entries(masking as Record<string, number>) as [[string, number]];

    const unsealed = await scrape();
    expect(value(unsealed, "countersign_database_up")).toBe(1);
    expect(value(unsealed, "countersign_pending_requests")).toBe(value(before, "countersign_pending_requests") + 1);
    expect(value(unsealed, "countersign_seal_queue_length")).toBeGreaterThan(0);
    expect(value(unsealed, "countersign_seal_lag_seconds")).toBeGreaterThan(0);
    expect(value(unsealed, `countersign_masked_values_total{kind="${kind}"}`) - value(before, `countersign_masked_values_total{kind="${kind}"}`)).toBe(count);

    while ((await sealEvents(sealerDatabase())) > 0);
    const sealed = await scrape();
    expect(value(sealed, "countersign_seal_queue_length")).toBe(0);
    expect(value(sealed, "countersign_seal_lag_seconds")).toBe(0);
  });

  it("measures decision latency from creation to a person's decision", async () => {
    const before = await scrape();
    const created = await postActionRequest(sampleRequest, { key: agent.apiKey });
    const { id } = await created.json();
    await approveActionRequest(newServiceContext(db, alice), id);

    const after = await scrape();
    const delta = (series: string) => value(after, series) - value(before, series);
    expect(delta('countersign_decision_latency_seconds_count{outcome="approved"}')).toBe(1);
    expect(delta('countersign_decision_latency_seconds_bucket{outcome="approved",le="10"}')).toBe(1);
    expect(delta('countersign_decision_latency_seconds_bucket{outcome="approved",le="+Inf"}')).toBe(1);
    // One submitted, the same one decided: the queue is as long as before.
    expect(value(after, "countersign_pending_requests")).toBe(value(before, "countersign_pending_requests"));
  });

  it("leaves a policy that approves at once out of the decision latency", async () => {
    const install = async (version: number, requiredApprovals: number) =>
      db.insert(policies).values({ id: DEFAULT_POLICY_ID, version, name: `v${version}`, requiredApprovals, approverGroups: ["reviewers"], ttlSeconds: 600, createdAt: new Date() });
    const [{ version }] = (await db.select({ version: max(policies.version) }).from(policies)) as [{ version: number }];
    await install(version + 1, 0);
    try {
      const before = await scrape();
      const created = await postActionRequest(sampleRequest, { key: agent.apiKey });
      expect(await created.json()).toMatchObject({ status: "approved" });
      const after = await scrape();
      const series = 'countersign_decision_latency_seconds_count{outcome="approved"}';
      expect(value(after, series)).toBe(value(before, series));
    } finally {
      await install(version + 2, 1);
    }
  });

  it("exposes the process metrics", async () => {
    const figures = await scrape();
    expect(value(figures, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(figures.has("nodejs_eventloop_lag_seconds")).toBe(true);
  });

  it("refuses a scrape without the token, or with a wrong one, as problem+json", async () => {
    const missing = await scrapeResponse();
    expect(missing.status).toBe(401);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    expect(await missing.json()).toMatchObject({ status: 401, title: "Authentication required" });

    const wrong = await scrapeResponse(`Bearer ${TOKEN}x`);
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get("content-type")).toBe("application/problem+json");
    const body = await wrong.json();
    expect(body).toMatchObject({ status: 403, requestId: expect.any(String) });
    expect(JSON.stringify(body)).not.toContain(TOKEN);

    const post = await metricsPost(new Request(`${TEST_APP_URL}/metrics`, { method: "POST" }));
    expect(post.status).toBe(405);
    expect(post.headers.get("content-type")).toBe("application/problem+json");
  });
});
