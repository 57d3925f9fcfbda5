import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { events, webhookAttempts, webhookDeliveries, webhookSubscriptions } from "@/db/schema";
import { nextStep, RETRY_DELAYS_MS } from "@/lib/domain/webhooks/retry-schedule";
import { webhookHeaders, type WebhookMessage, type WebhookSigner } from "@/lib/domain/webhooks/standard-webhooks";
import type { ClaimedDelivery } from "./claim-webhook-deliveries";
import { deliverToChat } from "./deliver-to-chat";
import { toHashableEvent } from "./hashable-event";
import { sendWebhook, type SendOutcome } from "./send-webhook";
import { getWebhookPrivateKey } from "./webhook-key";
import { openWebhookSecret } from "./webhook-secrets";

export type AttemptOptions = {
  timeoutMs?: number;
  /** The retry schedule; tests run it scaled down. */
  retryDelaysMs?: readonly number[];
  random?: () => number;
  signal?: AbortSignal;
};

export type AttemptResult = SendOutcome & { status: "delivered" | "pending" | "dead" };

/**
 * One attempt at a claimed delivery. A chat subscription (Slack, Teams) posts or updates the request's
 * message (deliverToChat); a webhook gets the event, as the log holds it (already masked), sent as a
 * Standard Webhooks message (`{type, timestamp, data}`), signed v1a with the webhook key or v1 with
 * the subscription's secret; the attempt is recorded, and the delivery is done, due again after the
 * schedule's next wait (or the receiver's longer Retry-After), or dead once the schedule is spent.
 * `webhook-id` is the delivery's id, the same on every attempt and replay.
 */
export async function attemptWebhookDelivery(db: Database, delivery: ClaimedDelivery, options: AttemptOptions = {}): Promise<AttemptResult> {
  const { timeoutMs = 10_000, retryDelaysMs = RETRY_DELAYS_MS, random = Math.random, signal } = options;
  const [row] = await db
    .select({
      event: events,
      kind: webhookSubscriptions.kind,
      target: webhookSubscriptions.target,
      sealedUrl: webhookSubscriptions.sealedUrl,
      signing: webhookSubscriptions.signing,
      sealedSecret: webhookSubscriptions.sealedSecret,
    })
    .from(webhookSubscriptions)
    .innerJoin(events, eq(events.id, delivery.eventId))
    .where(eq(webhookSubscriptions.id, delivery.subscriptionId));
  if (!row) throw new Error(`delivery ${delivery.id} names a subscription or event that does not exist`);
  const attemptedAt = new Date();
  const outcome =
    row.kind === "webhook" || !row.target
      ? await sendSigned(row, delivery, attemptedAt, { timeoutMs, signal })
      : await deliverToChat(db, { deliveryId: delivery.id, subscriptionId: delivery.subscriptionId, provider: row.kind, target: row.target }, row.event, attemptedAt);
  // A worker stopping mid-attempt records nothing: the lease lapses and the delivery is tried again.
  if (signal?.aborted) return { ...outcome, status: "pending" };
  const attempts = delivery.attempts + 1;
  const finished = new Date();
  const step = outcome.errorClass === null ? null : nextStep(attempts, outcome.retryAfterMs, random(), retryDelaysMs);
  const status = step === null ? "delivered" : step.kind === "dead" ? "dead" : "pending";
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({ deliveryId: delivery.id, attemptedAt, statusCode: outcome.statusCode, durationMs: outcome.durationMs, errorClass: outcome.errorClass });
    await tx
      .update(webhookDeliveries)
      .set({
        status,
        attempts,
        leasedUntil: null,
        ...(status === "delivered" && { deliveredAt: finished }),
        ...(step?.kind === "retry" && { nextAttemptAt: new Date(finished.getTime() + step.delayMs) }),
      })
      // Another worker may have taken it over after this lease expired and already delivered it.
      .where(sql`${webhookDeliveries.id} = ${delivery.id} and ${webhookDeliveries.status} = 'pending'`);
  });
  return { ...outcome, status };
}

/** A webhook's attempt: the event, as the log holds it, POSTed as a signed Standard Webhooks message. */
async function sendSigned(
  row: { event: typeof events.$inferSelect; sealedUrl: string | null; signing: string; sealedSecret: string | null },
  delivery: ClaimedDelivery,
  attemptedAt: Date,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<SendOutcome> {
  const event = toHashableEvent(row.event);
  const body = JSON.stringify({ type: event.type, timestamp: event.occurredAt, data: event });
  const target = openTarget(row, { id: `msg_${delivery.id}`, timestamp: Math.floor(attemptedAt.getTime() / 1000), body });
  return target ? sendWebhook(target.url, body, target.headers, options) : UNSENDABLE;
}

/** Recorded like any failure when a subscription cannot be sent at all, so administrators see it rather than retries going on unseen. */
const UNSENDABLE: SendOutcome = { statusCode: null, durationMs: 0, errorClass: "unsendable", retryAfterMs: null };

/** The URL and signed headers, or null when the sealed URL or secret no longer opens (WEBHOOK_SECRETS_KEY changed) or no key is configured. */
function openTarget(row: { sealedUrl: string | null; signing: string; sealedSecret: string | null }, message: WebhookMessage): { url: URL; headers: Record<string, string> } | null {
  if (!row.sealedUrl) return null;
  try {
    const signer: WebhookSigner = row.signing === "hmac" && row.sealedSecret ? { kind: "hmac", secret: openWebhookSecret(row.sealedSecret) } : { kind: "ed25519", privateKey: getWebhookPrivateKey() };
    return { url: new URL(openWebhookSecret(row.sealedUrl)), headers: webhookHeaders(message, signer) };
  } catch {
    return null;
  }
}
