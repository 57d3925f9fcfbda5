import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { getRequest, postRequest, requestPayload } from "./support/agent";
import { E2E_METRICS_TOKEN, E2E_URL } from "./support/environment";
import { parsePrometheusText } from "../test/support/prometheus-text";

/**
 * Metrics and health through the production build: Next.js bundles each route on its own, so this is
 * where a counter kept per bundle instead of per process would show (the scrape would not see the
 * API's calls).
 */

async function scrape(): Promise<Map<string, number>> {
  const response = await fetch(`${E2E_URL}/metrics`, { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  const text = await response.text();
  return parsePrometheusText(text);
}

test("a scrape after real API calls shows them by route template and status", async () => {
  const series = {
    created: 'countersign_http_requests_total{method="POST",route="/api/v1/action-requests",status="201"}',
    read: 'countersign_http_requests_total{method="GET",route="/api/v1/action-requests/{requestId}",status="200"}',
    missing: 'countersign_http_requests_total{method="GET",route="/api/v1/action-requests/{requestId}",status="404"}',
  };
  const before = await scrape();
  const created = await postRequest(requestPayload(`Metrics ${Date.now()}`));
  expect(created.status).toBe(201);
  expect((await getRequest(created.body.id)).status).toBe(200);
  expect((await getRequest(randomUUID())).status).toBe(404);

  const after = await scrape();
  const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
  expect(delta(series.created)).toBe(1);
  expect(delta(series.read)).toBe(1);
  expect(delta(series.missing)).toBe(1);
  expect(after.get("countersign_database_up")).toBe(1);
  expect(after.get("countersign_pending_requests")).toBeGreaterThanOrEqual(1);
  expect([...after.keys()].some((name) => name.includes(created.body.id))).toBe(false);
});

test("/metrics without the token is a problem+json 401", async () => {
  const response = await fetch(`${E2E_URL}/metrics`);
  expect(response.status).toBe(401);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  expect(await response.json()).toMatchObject({ status: 401, requestId: expect.any(String) });
});

test("live and ready answer while the console, its database and the worker run", async () => {
  const live = await fetch(`${E2E_URL}/api/health/live`);
  expect(live.status).toBe(200);
  expect(await live.json()).toEqual({ status: "ok" });
  const ready = await fetch(`${E2E_URL}/api/health/ready`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready" });
  const health = await fetch(`${E2E_URL}/api/health`);
  expect(await health.json()).toEqual({ status: "ok" });
});
