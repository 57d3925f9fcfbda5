import "server-only";
import type { Executor } from "@/db/client";
import { getConfig } from "@/lib/config";
import type { SealingStall } from "@/lib/domain/sealing-stall";
import { readSealLag } from "./read-seal-lag";

/**
 * Whether sealing has stalled: the oldest unsealed event is older than SEALING_STALL_SECONDS (the
 * sealer runs every 200 ms, so that long behind means the worker is stopped or failing, not busy).
 * Null while it keeps up. The same figure decides the banner, /api/health, readiness and grants.
 */
export async function readSealingStall(db: Executor, now: Date): Promise<SealingStall | null> {
  const limitSeconds = getConfig().sealingStallSeconds;
  const lag = await readSealLag(db, now);
  return lag.oldestUnsealedSeconds > limitSeconds ? { ...lag, limitSeconds } : null;
}
