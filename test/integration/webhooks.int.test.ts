import { createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { exportJWK } from "jose";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDatabase, type Database } from "../../db/client";
import { appendEvents } from "../../db/event-store";
import { siemCursors, webhookAttempts, webhookDeliveries, webhookSubscriptions } from "../../db/schema";
import { addWebhook } from "../../lib/services/add-webhook";
import { listWebhookDeliveries } from "../../lib/services/list-webhook-deliveries";
import { listWebhooks } from "../../lib/services/list-webhooks";
import { removeWebhook } from "../../lib/services/remove-webhook";
import { replayWebhookDelivery } from "../../lib/services/replay-webhook-delivery";
import { sealEvents } from "../../lib/services/seal-events";
import { newServiceContext } from "../../lib/services/service-context";
import { siemSinkName, streamToSiem } from "../../lib/services/stream-to-siem";
import { createWebhookLane, type LaneOptions } from "../../lib/services/webhook-lane";
import { alice, dave, seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { runCli } from "./run-cli";
import { sealerDatabase, useTestDatabase } from "./test-database";
import { startReceiver, type Received } from "./webhook-receiver";

const { privateKey } = generateKeyPairSync("ed25519");
const webhookKey = JSON.stringify(await exportJWK(privateKey));
vi.stubEnv("COUNTERSIGN_MODE", "demo");
vi.stubEnv("WEBHOOK_KEY", webhookKey);
vi.stubEnv("WEBHOOK_SECRETS_KEY", "integration-test-webhook-secrets-key-0123456789");
afterAll(() => vi.unstubAllEnvs());

const system = { kind: "system", id: "cli" } as const;
// The production schedule's shape, in milliseconds instead of minutes and hours.
const FAST: LaneOptions = { retryDelaysMs: [20, 20, 20, 20], random: () => 0.5, timeoutMs: 2_000 };

let db: Database;
let agent: SeededAgent;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

/** Works both lanes, as the worker does, until `done` holds; fails the test after `timeoutMs`. */
async function runOutbox(done: () => boolean | Promise<boolean>, options: LaneOptions = FAST, timeoutMs = 10_000) {
  const fresh = createWebhookLane(db, "fresh", options);
  const retry = createWebhookLane(db, "retry", options);
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("the outbox did not get there in time");
    await Promise.all([fresh.fill(), retry.fill()]);
    await sleep(10);
  }
  await Promise.all([fresh.idle(), retry.idle()]);
}

const deliveriesOf = (subscriptionId: string) => db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, subscriptionId));

/** The v1a check a receiver makes, from the whpk_ string alone (Standard Webhooks' asymmetric signatures). */
function verifiesWithPublicKey(received: Received, whpk: string): boolean {
  const raw = Buffer.from(whpk.replace(/^whpk_/, ""), "base64");
  const key = createPublicKey({ key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), raw]), format: "der", type: "spki" });
  const signed = Buffer.from(`${String(received.headers["webhook-id"])}.${String(received.headers["webhook-timestamp"])}.${received.body}`);
  const signatures = String(received.headers["webhook-signature"]).split(" ");
  return signatures.some((entry) => entry.startsWith("v1a,") && verify(null, signed, key, Buffer.from(entry.slice(4), "base64")));
}

describe("webhooks: the outbox", () => {
  it("delivers once to a receiver that fails 3 times then succeeds, signed v1a, with every attempt recorded", async () => {
    const receiver = await startReceiver((_, response, index) => {
      response.statusCode = index < 3 ? 500 : 200;
      response.end(index < 3 ? "internal error: token=sk_live_should_never_be_kept" : "ok");
    });
    const added = await addWebhook(newServiceContext(db, system), { url: `${receiver.url}/hooks/countersign`, events: "request.created" });
    const token = "ghp_" + "x7Rk2pQ9mZ4vB8nL1cT6yW3hJ5fD0sA2gE9u";
    const request = await submitSample(db, agent, { summary: `Webhook: fails three times, with ${token}` });
    const [delivery] = await deliveriesOf(added.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 0 });

    await runOutbox(async () => (await deliveriesOf(added.id))[0]?.status !== "pending");

    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([`msg_${delivery!.id}`]));
    for (const received of receiver.received) expect(verifiesWithPublicKey(received, added.publicKey)).toBe(true);
    const body = JSON.parse(receiver.received[3]!.body) as { type: string; data: { type: string; streamId: string; data: Record<string, unknown> } };
    expect(body).toMatchObject({ type: "request.created", data: { type: "request.created", streamId: request.id } });
    // The event as the log holds it: masked, not the raw parameters.
    expect(JSON.stringify(body)).toContain("Webhook: fails three times");
    expect(JSON.stringify(body)).not.toContain(token);

    const [after] = await deliveriesOf(added.id);
    expect(after).toMatchObject({ status: "delivered", attempts: 4 });
    const attempts = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, delivery!.id)).orderBy(webhookAttempts.id);
    expect(attempts.map((a) => [a.statusCode, a.errorClass])).toEqual([
      [500, "http_status"],
      [500, "http_status"],
      [500, "http_status"],
      [200, null],
    ]);
    expect(JSON.stringify(attempts)).not.toContain("sk_live");
    await removeWebhook(newServiceContext(db, system), added.id);
  });

  it("signs an HMAC subscription v1 with its own whsec_ secret, which the standardwebhooks package verifies; the database holds neither secret nor URL in clear", async () => {
    const receiver = await startReceiver();
    const added = await addWebhook(newServiceContext(db, system), { url: `${receiver.url}/hmac?token=receiver-token-123`, events: "request.*", signing: "hmac" });
    expect(added.secret).toMatch(/^whsec_/);
    await submitSample(db, agent, { summary: "Webhook: HMAC" });
    await runOutbox(() => receiver.received.length >= 1);
    const [received] = receiver.received;
    expect(new Webhook(added.secret!).verify(received!.body, received!.headers as Record<string, string>)).toMatchObject({ type: "request.created" });
    const [row] = await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, added.id));
    expect(JSON.stringify(row)).not.toContain(added.secret!.slice(6));
    expect(JSON.stringify(row)).not.toContain("receiver-token-123");
    expect(row!.url).toBe(`${receiver.url}/hmac?token=…`);
    await removeWebhook(newServiceContext(db, system), added.id);
  });

  it("sends nothing for a transaction that rolled back", async () => {
    const receiver = await startReceiver();
    const added = await addWebhook(newServiceContext(db, system), { url: receiver.url, events: "test.rolled_back,test.committed" });
    await expect(
      db.transaction(async (tx) => {
        await appendEvents(tx, [{ type: "test.rolled_back", streamType: "request", streamId: "rolled-back", actor: { kind: "system", id: "test", auth: "internal" }, data: {} }], { now: new Date() });
        throw new Error("the command failed after appending");
      }),
    ).rejects.toThrow("the command failed");
    await db.transaction((tx) => appendEvents(tx, [{ type: "test.committed", streamType: "request", streamId: "committed", actor: { kind: "system", id: "test", auth: "internal" }, data: {} }], { now: new Date() }));
    await runOutbox(() => receiver.received.length >= 1);
    await sleep(200);
    expect(receiver.received.map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual(["test.committed"]);
    expect(await deliveriesOf(added.id)).toHaveLength(1);
    await removeWebhook(newServiceContext(db, system), added.id);
  });

  it("keeps a hanging endpoint from delaying another endpoint's fresh deliveries", async () => {
    const hanging = await startReceiver(() => {}); // never answers: each attempt waits out its timeout
    const healthy = await startReceiver();
    const slow = await addWebhook(newServiceContext(db, system), { url: hanging.url, events: "request.created" });
    const fine = await addWebhook(newServiceContext(db, system), { url: healthy.url, events: "request.created" });
    for (let i = 0; i < 6; i += 1) await submitSample(db, agent, { summary: `Webhook: lane ${i}` });
    // Attempts that outlast the test: a lane that waited for the hanging endpoint would never deliver
    // the healthy one's six, and the test would time out.
    const fresh = createWebhookLane(db, "fresh", { ...FAST, timeoutMs: 600_000, slots: 8, slotsPerSubscription: 2 });
    while (healthy.received.length < 6) {
      await fresh.fill();
      await sleep(10);
    }
    // All six reached the healthy endpoint while the hanging one held at most its two slots open.
    expect(healthy.received).toHaveLength(6);
    expect(hanging.received.length).toBeLessThanOrEqual(2);
    await hanging.stop();
    await fresh.idle();
    await Promise.all([removeWebhook(newServiceContext(db, system), slow.id), removeWebhook(newServiceContext(db, system), fine.id)]);
  });

  it("honours Retry-After, then dead-letters after the schedule; an administrator sees every attempt and replays it", async () => {
    const receiver = await startReceiver((_, response, index) => {
      response.statusCode = index === 0 ? 503 : 500;
      if (index === 0) response.setHeader("retry-after", "1");
      response.end();
    });
    const added = await addWebhook(newServiceContext(db, system), { url: receiver.url, events: "request.created" });
    await submitSample(db, agent, { summary: "Webhook: dead letter" });
    const options = { ...FAST, retryDelaysMs: [20, 20] };
    await runOutbox(async () => (await deliveriesOf(added.id))[0]?.status === "dead", options);
    expect(receiver.received).toHaveLength(3);
    // The receiver's Retry-After (1 s) held the second attempt back, beyond the schedule's 20 ms.
    expect(receiver.received[1]!.at - receiver.received[0]!.at).toBeGreaterThanOrEqual(950);

    const listed = (await listWebhooks(db, dave)).webhooks.find((webhook) => webhook.id === added.id);
    expect(listed?.deliveries).toEqual({ pending: 0, delivered: 0, dead: 1 });
    const [dead] = await listWebhookDeliveries(db, dave, added.id, { deadOnly: true });
    expect(dead).toMatchObject({ status: "dead", eventType: "request.created" });
    expect(dead!.attempts.map((a) => a.statusCode)).toEqual([503, 500, 500]);
    await expect(replayWebhookDelivery(newServiceContext(db, alice), dead!.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listWebhookDeliveries(db, alice, added.id)).rejects.toMatchObject({ code: "FORBIDDEN" });

    receiver.respond = (_, response) => response.end();
    await replayWebhookDelivery(newServiceContext(db, dave), dead!.id);
    await runOutbox(async () => (await deliveriesOf(added.id))[0]?.status === "delivered", options);
    expect(receiver.received).toHaveLength(4);
    expect(receiver.received[3]!.headers["webhook-id"]).toBe(`msg_${dead!.id}`);
    expect((await listWebhooks(db, dave)).webhooks.find((webhook) => webhook.id === added.id)?.deliveries).toEqual({ pending: 0, delivered: 1, dead: 0 });
    const [replayed] = await listWebhookDeliveries(db, dave, added.id);
    expect(replayed!.attempts.map((a) => a.statusCode)).toEqual([503, 500, 500, 200]);
    await expect(replayWebhookDelivery(newServiceContext(db, dave), dead!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await removeWebhook(newServiceContext(db, system), added.id);
  });

  it("sends each delivery once with two workers claiming from the same outbox", async () => {
    const receiver = await startReceiver();
    const added = await addWebhook(newServiceContext(db, system), { url: receiver.url, events: "request.created" });
    for (let i = 0; i < 12; i += 1) await submitSample(db, agent, { summary: `Webhook: replicas ${i}` });
    const other = createDatabase(process.env.DATABASE_URL!, { max: 4 });
    try {
      const lanes = [createWebhookLane(db, "fresh", { ...FAST, slotsPerSubscription: 16 }), createWebhookLane(other, "fresh", { ...FAST, slotsPerSubscription: 16 })];
      const deadline = Date.now() + 10_000;
      while (receiver.received.length < 12 && Date.now() < deadline) {
        await Promise.all(lanes.map((lane) => lane.fill()));
        await sleep(5);
      }
      await Promise.all(lanes.map((lane) => lane.idle()));
    } finally {
      await other.$client.end();
    }
    await sleep(100);
    expect(receiver.received).toHaveLength(12);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(12);
    await removeWebhook(newServiceContext(db, system), added.id);
  });

  it("stops owing deliveries to a removed subscription, and lists only those in force", async () => {
    const receiver = await startReceiver();
    const added = await addWebhook(newServiceContext(db, system), { url: receiver.url });
    expect((await listWebhooks(db, dave)).webhooks.map((w) => w.id)).toContain(added.id);
    await expect(listWebhooks(db, alice)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await removeWebhook(newServiceContext(db, dave), added.id);
    const owed = (await deliveriesOf(added.id)).length;
    await submitSample(db, agent, { summary: "Webhook: after removal" });
    expect(await deliveriesOf(added.id)).toHaveLength(owed);
    expect((await listWebhooks(db, dave)).webhooks.map((w) => w.id)).not.toContain(added.id);
  });
});

describe("webhooks: the CLI", () => {
  it("webhooks add prints one JSON object with id, url and the whpk_ public key (contract)", async () => {
    const receiver = await startReceiver();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "countersign-webhooks-cli-"));
    const env = { ...process.env, COUNTERSIGN_DATA_DIR: dataDir };
    const url = `${receiver.url}/cli`;
    const result = await runCli(["webhooks", "add", "--url", url, "--events", "request.created,decision.*"], { env });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const added = JSON.parse(lines[0]!) as { id: string; url: string; publicKey: string; events: string[] };
    expect(added).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), url, publicKey: expect.stringMatching(/^whpk_[A-Za-z0-9+/]{43}=$/), events: ["request.created", "decision.*"] });
    // The public half of the configured WEBHOOK_KEY, as the console and the list show it.
    expect(added.publicKey).toBe((await listWebhooks(db, dave)).publicKey);

    const listed = await runCli(["webhooks", "list"], { env });
    expect((JSON.parse(listed.stdout) as { webhooks: { id: string }[] }).webhooks.map((w) => w.id)).toContain(added.id);
    const removed = await runCli(["webhooks", "remove", added.id], { env });
    expect(JSON.parse(removed.stdout)).toEqual({ id: added.id, removed: true });
    const bad = await runCli(["webhooks", "add", "--url", "ftp://example.com/x"], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("url must be http(s)");
  });
});

describe("SIEM stream", () => {
  it("sends every sealed event in seq order with its leaf hash, and resumes after a receiver's outage without a gap", async () => {
    const receiver = await startReceiver();
    const siem = { url: `${receiver.url}/services/collector/event`, format: "splunk-hec" as const, token: "siem-token-0123456789", elasticIndex: "unused" };
    await submitSample(db, agent, { summary: "SIEM: first" });
    while ((await sealEvents(sealerDatabase())) > 0);
    let sent = 0;
    while ((sent = await streamToSiem(db, siem, { batchSize: 3 })) > 0) expect(sent).toBeLessThanOrEqual(3);
    const before = receiver.received.length;
    expect(before).toBeGreaterThan(0);
    expect(receiver.received[0]!.headers.authorization).toBe("Splunk siem-token-0123456789");

    // The receiver goes away; events go on being sealed; the stream fails and keeps its place.
    await receiver.stop();
    await submitSample(db, agent, { summary: "SIEM: during the outage" });
    while ((await sealEvents(sealerDatabase())) > 0);
    await expect(streamToSiem(db, siem)).rejects.toThrow();
    receiver.respond = (_, response) => {
      response.statusCode = 503;
      response.end("token siem-token-0123456789 rejected");
    };
    await receiver.start();
    await expect(streamToSiem(db, siem)).rejects.toThrow(/answered 503/);
    receiver.respond = (_, response) => response.end();
    while ((await streamToSiem(db, siem)) > 0);

    const accepted = receiver.received.filter((_, i) => i < before || i > before).flatMap((r) => r.body.trim().split("\n").map((line) => JSON.parse(line) as { event: { seq: number; leafHash: string; event: { type: string } } }));
    const seqs = accepted.map((line) => line.event.seq);
    const [{ count }] = (await db.execute<{ count: string }>("select count(*) from event_chain")) as unknown as [{ count: string }];
    expect(seqs).toEqual(Array.from({ length: Number(count) }, (_, i) => i + 1));
    for (const line of accepted) expect(line.event.leafHash).toMatch(/^[0-9a-f]{64}$/);
    const [cursor] = await db.select().from(siemCursors).where(eq(siemCursors.sink, siemSinkName(siem.url)));
    expect(cursor!.lastSeq).toBe(Number(count));
  });
});
