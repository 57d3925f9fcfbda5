import { generateKeyPairSync, verify } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as checkpointRoute } from "../../app/api/v1/log/checkpoint/route";
import { GET as metricsRoute } from "../../app/metrics/route";
import type { Database } from "../../db/client";
import { checkpointSignedAt, openCheckpoint, type NoteSigner } from "../../lib/domain/merkle/checkpoint";
import { createWebhookSinks, type DeliveryOutcome } from "../../lib/services/checkpoint-webhooks";
import { publishCheckpoint } from "../../lib/services/publish-checkpoint";
import { recordWebhookOutcome } from "../../lib/services/record-webhook-outcome";
import { parsePrometheusText } from "../support/prometheus-text";
import { sealEvents } from "../../lib/services/seal-events";
import { seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { sealerDatabase, TEST_APP_URL, useTestDatabase } from "./test-database";

const METRICS_TOKEN = "checkpoint-publication-metrics-token";
vi.stubEnv("METRICS_TOKEN", METRICS_TOKEN);
afterAll(() => vi.unstubAllEnvs());

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const signer: NoteSigner = { name: "countersign.test/log", privateKey, publicKey };
const newSink = () => mkdtempSync(path.join(os.tmpdir(), "countersign-sink-"));

let app: Database;
let agent: SeededAgent;
const servers: Server[] = [];
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

beforeAll(async () => {
  app = await useTestDatabase();
  agent = await seedAgent(app);
});

async function grow() {
  await submitSample(app, agent);
  while ((await sealEvents(sealerDatabase())) > 0);
}

type Received = { headers: IncomingHttpHeaders; body: string };

/** A real HTTP receiver on a loopback port; `answer` picks each response's status (or null: never answer). */
async function receiver(answer: (nth: number) => number | null) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      const status = answer(received.length);
      if (status !== null) response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/witness?token=secret`, received };
}

/** What a receiver does with the log's public key: the Standard Webhooks v1a check. */
function signatureVerifies({ headers, body }: Received): boolean {
  const [version, signature] = String(headers["webhook-signature"]).split(",");
  const message = `${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`;
  return version === "v1a" && verify(null, Buffer.from(message), publicKey, Buffer.from(signature!, "base64"));
}

describe("webhook sinks", () => {
  it("POST each checkpoint as signed text/plain, retrying a failing receiver with backoff under one id", async () => {
    await grow();
    const published = (await publishCheckpoint(sealerDatabase(), signer, newSink()))!;
    const flaky = await receiver((nth) => (nth <= 2 ? 503 : 204));
    const outcomes: DeliveryOutcome[] = [];
    const sinks = createWebhookSinks([flaky.url], signer, { firstRetryMs: 100, onOutcome: (o) => outcomes.push(o) });
    const started = Date.now();
    sinks.publish(published);
    await sinks.idle();

    expect(flaky.received).toHaveLength(3);
    // Waits of 100 then 200 ms between the three attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    for (const delivery of flaky.received) {
      expect(delivery.body).toBe(published.note);
      expect(delivery.headers["content-type"]).toBe("text/plain; charset=utf-8");
      expect(signatureVerifies(delivery)).toBe(true);
      expect(openCheckpoint(delivery.body, signer)?.size).toBe(published.size);
    }
    expect(new Set(flaky.received.map((d) => d.headers["webhook-id"])).size).toBe(1);
    // A body changed on the way no longer verifies.
    expect(signatureVerifies({ ...flaky.received[0]!, body: flaky.received[0]!.body.replace(/\n\d+\n/, "\n999\n") })).toBe(false);
    expect(outcomes).toEqual([{ sink: `#1 ${new URL(flaky.url).origin}`, size: published.size, delivered: true, attempts: 3, superseded: false }]);
  });

  it("a dead or hanging receiver delays neither the caller nor the other sinks, and is given up on and reported", async () => {
    await grow();
    const published = (await publishCheckpoint(sealerDatabase(), signer, newSink()))!;
    const [broken, hanging, healthy] = await Promise.all([receiver(() => 500), receiver(() => null), receiver(() => 200)]);
    const outcomes: DeliveryOutcome[] = [];
    const sinks = createWebhookSinks([broken.url, hanging.url, healthy.url], signer, { retries: 2, firstRetryMs: 50, timeoutMs: 300, onOutcome: (o) => outcomes.push(o) });
    // The caller is handed nothing to wait on: every delivery runs on its own.
    expect(sinks.publish(published)).toBeUndefined();
    await expect.poll(() => healthy.received.length).toBe(1);
    expect(outcomes.filter((o) => o.delivered)).toHaveLength(1);
    await sinks.idle();
    expect(broken.received).toHaveLength(3);
    expect(outcomes.map((o) => [o.sink.slice(0, 2), o.delivered, o.attempts])).toEqual(
      expect.arrayContaining([
        ["#1", false, 3],
        ["#2", false, 3],
        ["#3", true, 1],
      ]),
    );

    // What the worker records of each outcome is what /metrics reports, by sink (position and origin only).
    const now = new Date();
    for (const outcome of outcomes) await recordWebhookOutcome(app, outcome, now);
    const response = await metricsRoute(new Request(`${TEST_APP_URL}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }));
    const text = await response.text();
    expect(text).not.toContain("token=secret");
    const figures = parsePrometheusText(text);
    const origin = (url: string) => new URL(url).origin;
    expect(figures.get(`countersign_checkpoint_webhook_failures_total{sink="#1 ${origin(broken.url)}"}`)).toBe(1);
    expect(figures.get(`countersign_checkpoint_webhook_failures_total{sink="#3 ${origin(healthy.url)}"}`)).toBe(0);
    expect(figures.get(`countersign_checkpoint_webhook_last_delivery_timestamp_seconds{sink="#3 ${origin(healthy.url)}"}`)).toBe(now.getTime() / 1000);
    expect(figures.get(`countersign_checkpoint_webhook_last_delivery_timestamp_seconds{sink="#1 ${origin(broken.url)}"}`)).toBe(0);
    expect(figures.get("countersign_checkpoint_age_seconds")).toBeGreaterThanOrEqual(0);
  });

  it("a newer checkpoint supersedes one still being retried", async () => {
    await grow();
    const sink = newSink();
    const older = (await publishCheckpoint(sealerDatabase(), signer, sink))!;
    await grow();
    const newer = (await publishCheckpoint(sealerDatabase(), signer, sink))!;
    const flaky = await receiver((nth) => (nth === 1 ? 503 : 200));
    const outcomes: DeliveryOutcome[] = [];
    const sinks = createWebhookSinks([flaky.url], signer, { firstRetryMs: 5_000, onOutcome: (o) => outcomes.push(o) });
    sinks.publish(older);
    await expect.poll(() => flaky.received.length).toBe(1);
    sinks.publish(newer);
    await sinks.idle();
    expect(outcomes.map((o) => [o.size, o.delivered, o.superseded])).toEqual([
      [older.size, false, true],
      [newer.size, true, false],
    ]);
    expect(flaky.received.map((d) => d.body)).toEqual([older.note, newer.note]);
  });
});

describe("heartbeats", () => {
  it("re-sign the unchanged tree once the interval has passed, with a later timestamp, in the sink and at the checkpoint route", async () => {
    await grow();
    const sink = newSink();
    const heartbeatSeconds = 1;
    const first = (await publishCheckpoint(sealerDatabase(), signer, sink, { heartbeatSeconds }))!;
    expect(first.heartbeat).toBe(false);
    // Within the interval a quiet log publishes nothing.
    expect(await publishCheckpoint(sealerDatabase(), signer, sink, { heartbeatSeconds })).toBeNull();
    await sleep(1100);
    const beat = (await publishCheckpoint(sealerDatabase(), signer, sink, { heartbeatSeconds }))!;
    expect(beat).toMatchObject({ size: first.size, heartbeat: true });
    expect(openCheckpoint(beat.note, signer)).toEqual(openCheckpoint(first.note, signer));
    expect(beat.note).not.toBe(first.note);
    expect(checkpointSignedAt(beat.note, signer)!.getTime()).toBeGreaterThan(checkpointSignedAt(first.note, signer)!.getTime());

    const heartbeats = readdirSync(sink).filter((name) => name.endsWith(".heartbeat"));
    expect(heartbeats).toEqual([expect.stringMatching(new RegExp(`^${String(first.size).padStart(16, "0")}\\.\\d{12}\\.heartbeat$`))]);
    expect(readFileSync(path.join(sink, heartbeats[0]!), "utf8")).toBe(beat.note);
    const served = await checkpointRoute(new Request(`${TEST_APP_URL}/api/v1/log/checkpoint`, { headers: { authorization: `Bearer ${agent.apiKey}` } }), { params: Promise.resolve({}) });
    expect(await served.text()).toBe(beat.note);

    // A log that grows publishes the new size at once, heartbeat or not.
    await grow();
    expect(await publishCheckpoint(sealerDatabase(), signer, sink, { heartbeatSeconds })).toMatchObject({ heartbeat: false, size: expect.any(Number) });
  });
});
