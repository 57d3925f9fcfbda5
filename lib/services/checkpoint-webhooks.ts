import "server-only";
import { randomUUID, sign } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { NoteSigner } from "@/lib/domain/merkle/checkpoint";
import { log } from "@/lib/logging/logger";
import { describeErrorSafely } from "./describe-error";

/** A published checkpoint handed to the webhook sinks: its size and signed note. */
type CheckpointDelivery = { size: number; note: string };

/** What became of one delivery to one sink, for logs and the sink's figures. */
export type DeliveryOutcome = { sink: string; size: number; delivered: boolean; attempts: number; superseded: boolean };

type WebhookSinkOptions = {
  /** Tries after the first failure, each after twice the previous wait. */
  retries?: number;
  firstRetryMs?: number;
  /** How long one attempt may take. */
  timeoutMs?: number;
  onOutcome?: (outcome: DeliveryOutcome) => void;
  /** Aborted when the worker stops: attempts and waits end at once. */
  signal?: AbortSignal;
};

/**
 * HTTP webhook sinks for checkpoints (witnesses, a SIEM): each published note is POSTed, as
 * `text/plain`, to every URL, signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1a,<base64 Ed25519 signature of "id.timestamp.body">`) with the checkpoint key
 * itself, so a receiver that already holds the log's public key authenticates the delivery with it
 * and needs no shared secret. The signed message always contains the note's blank line, so it can
 * never be read as a checkpoint body, nor as a cosignature (which begins "cosignature/v1").
 *
 * Deliveries never block the caller: each sink works on its own, in the background, retrying a failure
 * with doubling waits; a newer checkpoint supersedes one still being retried (it proves everything the
 * older one did, and a witness checks consistency from what it saw last). A sink that fails never
 * delays sealing, the directory sink or the other webhooks; failures are logged and counted.
 */
export function createWebhookSinks(urls: readonly string[], signer: NoteSigner, options: WebhookSinkOptions = {}) {
  const sinks = urls.map((url, index) => webhookSink(url, index, signer, options));
  return {
    /** Hands a checkpoint to every sink and returns at once. */
    publish(delivery: CheckpointDelivery): void {
      for (const sink of sinks) sink.offer(delivery);
    },
    /** Resolves once every sink has nothing left to deliver (for a clean stop, and tests). */
    async idle(): Promise<void> {
      await Promise.all(sinks.map((sink) => sink.idle()));
    },
  };
}

/** How a sink is named in logs: its position and origin, never its path or query, which may hold a token. */
const webhookSinkLabel = (url: string, index: number) => `#${index + 1} ${new URL(url).origin}`;

function webhookSink(url: string, index: number, signer: NoteSigner, { retries = 5, firstRetryMs = 1000, timeoutMs = 10_000, onOutcome, signal }: WebhookSinkOptions) {
  const label = webhookSinkLabel(url, index);
  let next: CheckpointDelivery | null = null;
  let running: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  const report = (outcome: DeliveryOutcome) => {
    onOutcome?.(outcome);
    if (outcome.delivered) log.debug("Checkpoint delivered to a webhook sink", { source: "worker", ...outcome });
    else if (outcome.superseded) log.warn("A checkpoint not yet delivered to a webhook sink was superseded by a newer one", { source: "worker", ...outcome });
    else log.error("A webhook sink refused a checkpoint after every retry; the next checkpoint will be tried", { source: "worker", ...outcome });
  };

  async function attempt(delivery: CheckpointDelivery, id: string): Promise<string | null> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(`${id}.${timestamp}.${delivery.note}`, "utf8"), signer.privateKey).toString("base64");
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "text/plain; charset=utf-8", "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": `v1a,${signature}` },
        body: delivery.note,
        redirect: "manual",
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      return response.ok ? null : `answered ${response.status}`;
    } catch (error) {
      return describeErrorSafely(error);
    }
  }

  async function deliver(delivery: CheckpointDelivery): Promise<void> {
    // One id for every attempt at one message, so a receiver can drop a retry it already took.
    const id = `checkpoint-${delivery.size}-${randomUUID()}`;
    for (let attempts = 1; ; attempts += 1) {
      const problem = await attempt(delivery, id);
      if (signal?.aborted) return;
      if (problem === null) return report({ sink: label, size: delivery.size, delivered: true, attempts, superseded: false });
      log.warn("A webhook sink did not take a checkpoint", { source: "worker", sink: label, size: delivery.size, attempts, problem });
      if (attempts > retries) return report({ sink: label, size: delivery.size, delivered: false, attempts, superseded: false });
      // Rests before the retry, unless a newer checkpoint arrives meanwhile: that one goes instead.
      await Promise.race([sleep(firstRetryMs * 2 ** (attempts - 1), undefined, { signal }).catch(() => {}), new Promise<void>((resolve) => (wake = resolve))]);
      wake = null;
      if (signal?.aborted) return;
      if (next) return report({ sink: label, size: delivery.size, delivered: false, attempts, superseded: true });
    }
  }

  async function run(): Promise<void> {
    while (next) {
      const delivery = next;
      next = null;
      await deliver(delivery);
    }
    running = null;
  }

  return {
    offer(delivery: CheckpointDelivery) {
      if (signal?.aborted) return;
      next = delivery;
      wake?.();
      running ??= run();
    },
    idle: () => running ?? Promise.resolve(),
  };
}
