import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { checkpointWebhookStatus } from "@/db/schema";
import type { DeliveryOutcome } from "./checkpoint-webhooks";

/**
 * Keeps a webhook sink's figures for /metrics: the last checkpoint it took and when, and how many it
 * was given up on. A superseded delivery is neither (a newer checkpoint went in its place).
 */
export async function recordWebhookOutcome(db: Database, outcome: DeliveryOutcome, now: Date): Promise<void> {
  if (outcome.superseded) return;
  const values = outcome.delivered ? { deliveredSize: outcome.size, deliveredAt: now } : { failures: 1, failedAt: now };
  await db
    .insert(checkpointWebhookStatus)
    .values({ sink: outcome.sink, ...values })
    .onConflictDoUpdate({
      target: checkpointWebhookStatus.sink,
      set: outcome.delivered ? values : { failures: sql`${checkpointWebhookStatus.failures} + 1`, failedAt: now },
    });
}
