import "server-only";
import type { Database } from "@/db/client";
import { log } from "@/lib/logging/logger";
import { attemptWebhookDelivery, type AttemptOptions } from "./attempt-webhook-delivery";
import { claimWebhookDeliveries, releaseWebhookDeliveries, type ClaimedDelivery, type WebhookLane } from "./claim-webhook-deliveries";
import { describeErrorSafely } from "./describe-error";

export type LaneOptions = AttemptOptions & {
  /** Attempts in flight at once in this lane, in this worker. */
  slots?: number;
  /** Attempts in flight at once to one subscription: a slow endpoint never holds more than this many slots. */
  slotsPerSubscription?: number;
};

/**
 * One lane of the outbox in one worker: a pool of attempts in flight. `fill()` claims as many
 * deliveries as there are free slots (none to a subscription already at its share) and starts them
 * without waiting, so a receiver that answers slowly or not at all delays only its own deliveries.
 * The worker runs a fresh lane and a retry lane side by side.
 */
export function createWebhookLane(db: Database, lane: WebhookLane, options: LaneOptions = {}) {
  const { slots = 16, slotsPerSubscription = 4, ...attemptOptions } = options;
  const leaseMs = (attemptOptions.timeoutMs ?? 10_000) * 3;
  const inFlight = new Map<string, ClaimedDelivery>();
  const running = new Set<Promise<void>>();

  const inFlightTo = (subscriptionId: string) => [...inFlight.values()].filter((delivery) => delivery.subscriptionId === subscriptionId).length;
  const atShare = () => [...new Set([...inFlight.values()].map((delivery) => delivery.subscriptionId))].filter((id) => inFlightTo(id) >= slotsPerSubscription);

  const start = (delivery: ClaimedDelivery) => {
    inFlight.set(delivery.id, delivery);
    const task = attemptWebhookDelivery(db, delivery, attemptOptions)
      .then((result) => {
        if (result.status === "dead") log.warn("A webhook delivery was given up on after its retry schedule", { source: "worker", delivery: delivery.id, errorClass: result.errorClass });
      })
      .catch((error: unknown) => log.error("A webhook attempt failed", { source: "worker", lane, delivery: delivery.id, error: describeErrorSafely(error) }))
      .finally(() => {
        inFlight.delete(delivery.id);
        running.delete(task);
      });
    running.add(task);
  };

  return {
    /** Claims and starts what the free slots allow; returns how many it started. */
    async fill(): Promise<number> {
      const claimed = await claimWebhookDeliveries(db, { lane, limit: slots - inFlight.size, leaseMs, now: new Date(), skipSubscriptions: atShare() });
      // One claim may bring more for a subscription than its share: the excess goes back at once.
      const excess = claimed.filter((delivery) => (inFlightTo(delivery.subscriptionId) < slotsPerSubscription ? (start(delivery), false) : true));
      await releaseWebhookDeliveries(db, excess.map((delivery) => delivery.id));
      return claimed.length - excess.length;
    },
    /** Resolves once every attempt started has been recorded (a clean stop, and tests). */
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
