import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { oneRow } from "@/db/one-row";

/**
 * Locks the one row of event_sealer_lock for the rest of `tx`, unless another sealer holds it. Only
 * countersign_sealer may lock it (an advisory lock anyone could hold, and so stall sealing unseen).
 */
export async function trySealerLock(tx: Transaction): Promise<boolean> {
  if ((await tx.execute(sql`select id from event_sealer_lock for update skip locked`)).length > 0) return true;
  const { rows } = oneRow(await tx.execute<{ rows: number }>(sql`select count(*)::int as rows from event_sealer_lock`));
  if (rows === 0) throw new Error("event_sealer_lock has lost its row, so no sealer can take the lock; an operator must restore it (INSERT INTO event_sealer_lock DEFAULT VALUES)");
  return false;
}
