import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { arrayLiteral } from "@/db/array-literal";

export type WebhookLane = "fresh" | "retry";

export type ClaimedDelivery = { id: string; subscriptionId: string; eventId: number; attempts: number };

/**
 * Leases up to `limit` owed deliveries of one lane to this worker until `now + leaseMs`, skipping rows
 * another worker is claiming at the same moment (FOR UPDATE SKIP LOCKED) or holds a live lease on, so
 * any number of worker replicas share the outbox without sending a delivery twice. A worker that dies
 * mid-attempt loses its lease when it expires, and the delivery is claimed again (at least once).
 *
 * The fresh lane holds deliveries never tried (oldest first); the retry lane those that failed and
 * are due. Each lane is worked on by its own loop, so retries to a failing endpoint never hold up a
 * new delivery; `skipSubscriptions` keeps one slow endpoint from taking every slot of a lane.
 */
export async function claimWebhookDeliveries(
  db: Database,
  { lane, limit, leaseMs, now, skipSubscriptions = [] }: { lane: WebhookLane; limit: number; leaseMs: number; now: Date; skipSubscriptions?: readonly string[] },
): Promise<ClaimedDelivery[]> {
  if (limit <= 0) return [];
  // Raw SQL binds no Date: times go as ISO text, cast.
  const at = sql`${now.toISOString()}::timestamptz`;
  const due = lane === "fresh" ? sql`attempts = 0` : sql`attempts > 0 and next_attempt_at <= ${at}`;
  const order = lane === "fresh" ? sql`created_at` : sql`next_attempt_at`;
  const rows = await db.execute<{ id: string; subscription_id: string; event_id: string; attempts: number }>(sql`
    update webhook_deliveries set leased_until = ${new Date(now.getTime() + leaseMs).toISOString()}::timestamptz
    where id in (
      select id from webhook_deliveries
      where status = 'pending' and ${due}
        and (leased_until is null or leased_until < ${at})
        and not (subscription_id = any(${arrayLiteral(skipSubscriptions)}::uuid[]))
      order by ${order}
      limit ${limit}
      for update skip locked)
    returning id, subscription_id, event_id, attempts`);
  return rows.map((row) => ({ id: row.id, subscriptionId: row.subscription_id, eventId: Number(row.event_id), attempts: row.attempts }));
}

/** Gives claimed deliveries back unattempted, for the next claim to take. */
export async function releaseWebhookDeliveries(db: Database, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`update webhook_deliveries set leased_until = null where id = any(${arrayLiteral(ids)}::uuid[]) and status = 'pending'`);
}
