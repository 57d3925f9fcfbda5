import "server-only";
import { getDb, type Database } from "@/db/client";
import { describeSealingStall } from "@/lib/domain/sealing-stall";
import { log } from "@/lib/logging/logger";
import { describeErrorSafely } from "./describe-error";
import { readSealingStall } from "./read-sealing-stall";

export type SealingStatus = { ok: true } | { ok: false; message: string };

/**
 * What every page's banner and /api/health say about sealing. A check that cannot run counts as a
 * stall (fail closed): nobody should read "all is well" from a question that went unanswered.
 */
export async function readSealingStatus(db: Database = getDb(), now = new Date()): Promise<SealingStatus> {
  try {
    const stall = await readSealingStall(db, now);
    return stall ? { ok: false, message: describeSealingStall(stall) } : { ok: true };
  } catch (error) {
    log.warn("Could not read the seal queue", { error: describeErrorSafely(error) });
    return { ok: false, message: "Sealing cannot be checked: the seal queue does not answer." };
  }
}
