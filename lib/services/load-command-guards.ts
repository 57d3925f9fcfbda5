import "server-only";
import type { Transaction } from "@/db/client";
import type { Freeze } from "@/lib/domain/freeze";
import type { SealingStall } from "@/lib/domain/sealing-stall";
import { loadFreeze } from "./freeze-approvals";
import { readSealingStall } from "./read-sealing-stall";
import { getSigningKey } from "./signing-keys";

/** What every request command is decided against besides the request itself. */
export type CommandGuards = { signingKeyId: string; freeze: Freeze | null; sealingStall: SealingStall | null };

/**
 * The guards, read inside the command's transaction (the freeze under its shared lock, held to the
 * commit). The queries are sent at once on the transaction's connection (pipelined), so they cost one
 * round trip; a verb that starts this beside its own reads folds them into the same one.
 */
export async function loadCommandGuards(tx: Transaction, now: Date): Promise<CommandGuards> {
  const [{ kid }, freeze, sealingStall] = await Promise.all([getSigningKey(), loadFreeze(tx), readSealingStall(tx, now)]);
  return { signingKeyId: kid, freeze, sealingStall };
}
