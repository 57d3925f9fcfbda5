import { generateKeyPairSync } from "node:crypto";
import { eq } from "drizzle-orm";
import { exportJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../../db/client";
import { appendEvents } from "../../db/event-store";
import { webhookAttempts, webhookDeliveries, webhookSubscriptions } from "../../db/schema";
import { addWebhook } from "../../lib/services/add-webhook";
import { attemptWebhookDelivery } from "../../lib/services/attempt-webhook-delivery";
import { claimWebhookDeliveries } from "../../lib/services/claim-webhook-deliveries";
import { newServiceContext } from "../../lib/services/service-context";
import { sealWebhookSecret } from "../../lib/services/webhook-secrets";
import { seedAgent, submitSample } from "./fixtures";
import { useTestDatabase } from "./test-database";
import { startReceiver } from "./webhook-receiver";

// Outside demo mode: the SSRF guard lets only public addresses through.
const { privateKey } = generateKeyPairSync("ed25519");
vi.stubEnv("COUNTERSIGN_MODE", "production");
vi.stubEnv("WEBHOOK_KEY", JSON.stringify(await exportJWK(privateKey)));
vi.stubEnv("WEBHOOK_SECRETS_KEY", "integration-test-webhook-secrets-key-0123456789");
afterAll(() => vi.unstubAllEnvs());

const system = { kind: "system", id: "cli" } as const;
let db: Database;

beforeAll(async () => {
  db = await useTestDatabase();
});

describe("the webhook SSRF guard outside demo mode", () => {
  it.each([
    ["http://93.184.215.14/hook", "url must be https"],
    ["https://127.0.0.1/hook", "private, loopback or link-local"],
    ["https://localhost:8443/hook", "private, loopback or link-local"],
    ["https://10.0.0.5/hook", "private, loopback or link-local"],
    ["https://169.254.169.254/latest/meta-data/", "private, loopback or link-local"],
    ["https://[::ffff:192.168.1.1]/hook", "private, loopback or link-local"],
    ["https://[fd00:ec2::254]/hook", "private, loopback or link-local"],
  ])("refuses to subscribe %s", async (url, message) => {
    await expect(addWebhook(newServiceContext(db, system), { url })).rejects.toMatchObject({ code: "VALIDATION", fields: [{ path: "url", message: expect.stringContaining(message) }] });
  });

  it("refuses, at the attempt, a name that resolves to a loopback address, and records why without reaching the receiver", async () => {
    const receiver = await startReceiver();
    // As if the name had resolved elsewhere when it was added: the guard checks what it connects to.
    const url = receiver.url.replace("127.0.0.1", "localhost");
    const [subscription] = await db
      .insert(webhookSubscriptions)
      .values({ url, sealedUrl: sealWebhookSecret(url), eventTypes: ["request.created"], createdBy: "test" })
      .returning();
    await submitSample(db, await seedAgent(db), { summary: "SSRF: a name that resolves to loopback" });
    const [claimed] = await claimWebhookDeliveries(db, { lane: "fresh", limit: 10, leaseMs: 10_000, now: new Date() });
    expect(claimed?.subscriptionId).toBe(subscription!.id);
    const result = await attemptWebhookDelivery(db, claimed!, { retryDelaysMs: [10] });
    expect(result).toMatchObject({ statusCode: null, errorClass: "refused_target", status: "pending" });
    expect(receiver.received).toHaveLength(0);
    const [attempt] = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, claimed!.id));
    expect(attempt).toMatchObject({ statusCode: null, errorClass: "refused_target" });
    const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, claimed!.id));
    expect(delivery).toMatchObject({ attempts: 1, status: "pending" });
  });

  it("records a subscription whose sealed URL no longer opens (another WEBHOOK_SECRETS_KEY) as unsendable, sending nothing", async () => {
    const [subscription] = await db
      .insert(webhookSubscriptions)
      .values({ url: "https://hooks.example.com/x", sealedUrl: "v1.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA", eventTypes: ["test.unsendable"], createdBy: "test" })
      .returning();
    await db.transaction((tx) => appendEvents(tx, [{ type: "test.unsendable", streamType: "request", streamId: "x", actor: { kind: "system", id: "test", auth: "internal" }, data: {} }], { now: new Date() }));
    const claimed = await claimWebhookDeliveries(db, { lane: "fresh", limit: 10, leaseMs: 10_000, now: new Date() });
    const mine = claimed.find((delivery) => delivery.subscriptionId === subscription!.id)!;
    expect(await attemptWebhookDelivery(db, mine, { retryDelaysMs: [10] })).toMatchObject({ errorClass: "unsendable", status: "pending" });
    const [attempt] = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, mine.id));
    expect(attempt).toMatchObject({ statusCode: null, errorClass: "unsendable" });
  });
});
