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
 * Every request command asks, so the usual answer is two index probes on append-only tables: the
 * first event past the newest sealed one. Not the queue's head: the sealer deletes from the queue all
 * day, and skipping its dead index entries cost more than the rest of a submission (measured with
 * pg_stat_statements in `npm run bench`). An event that committed late, behind one already sealed,
 * is missed here until the next event arrives; sealing takes such events first, so a live sealer never
 * leaves one behind, and a dead one is caught at the next write. Only a stall counts the whole queue,
 * for the sentence.
 */
export async function readSealingStall(db: Executor, now: Date): Promise<SealingStall | null> {
  const limitSeconds = getConfig().sealingStallSeconds;
  const [first] = await db.execute<{ occurred_at: Date | string }>(sql`
    select occurred_at from events
    where id > coalesce((select max(event_id) from event_chain), 0)
    order by id limit 1`);
  if (!first || now.getTime() - new Date(first.occurred_at).getTime() <= limitSeconds * 1000) return null;
  const lag = await readSealLag(db, now);
  return lag.oldestUnsealedSeconds > limitSeconds ? { ...lag, limitSeconds } : null;
}
