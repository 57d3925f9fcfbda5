import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { getConfig } from "@/lib/config";
import type { SealingStall } from "@/lib/domain/sealing-stall";
import { readSealLag } from "./read-seal-lag";

/**
 * Whether sealing has stalled: the oldest unsealed event is older than SEALING_STALL_SECONDS (the
 * sealer runs every 200 ms, so that long behind means the worker is stopped or failing, not busy).
 * Null while it keeps up. The same figure decides the banner, /api/health, readiness and grants.
 *
 * Every request command asks, so the usual answer costs one index lookup: the first queued event
 * (the queue is in insertion order, give or take transactions committing out of order, which is
 * milliseconds against a limit of seconds). Only a stall counts the whole queue, for the sentence.
 */
export async function readSealingStall(db: Executor, now: Date): Promise<SealingStall | null> {
  const limitSeconds = getConfig().sealingStallSeconds;
  const [first] = await db.execute<{ occurred_at: Date | string }>(sql`
    select e.occurred_at from event_seal_queue q join events e on e.id = q.event_id order by q.event_id limit 1`);
  if (!first || now.getTime() - new Date(first.occurred_at).getTime() <= limitSeconds * 1000) return null;
  const lag = await readSealLag(db, now);
  return lag.oldestUnsealedSeconds > limitSeconds ? { ...lag, limitSeconds } : null;
}
