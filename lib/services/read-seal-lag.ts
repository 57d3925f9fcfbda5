import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { oneRow } from "@/db/one-row";

export type SealLag = { queueLength: number; oldestUnsealedSeconds: number };

/** How far the sealer is behind: events written but not chained, and the age of the oldest (0 when none). */
export async function readSealLag(db: Executor, now: Date): Promise<SealLag> {
  const row = oneRow(
    await db.execute<{ length: number; oldest: Date | string | null }>(sql`
    select count(*)::int as length, min(e.occurred_at) as oldest
    from event_seal_queue q join events e on e.id = q.event_id`),
  );
  const oldest = row.oldest ? new Date(row.oldest) : null;
  return { queueLength: row.length, oldestUnsealedSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0 };
}
