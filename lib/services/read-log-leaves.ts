import "server-only";
import { and, asc, eq, gt, lte } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { eventChain, events, logLeaves } from "@/db/schema";
import { eventLeafHash, type Hash } from "@/lib/domain/merkle/tree-hash";
import { toHashableEvent } from "./hashable-event";

const BATCH = 5000;

/** The tree's stored leaf hashes for seq after + 1..size (leaf i is seq i + 1), as the sealer recorded them. */
export async function readStoredLeaves(db: Executor, size: number, after = 0): Promise<Hash[]> {
  const rows = await db.select({ leafHash: logLeaves.leafHash }).from(logLeaves).where(and(gt(logLeaves.seq, after), lte(logLeaves.seq, size))).orderBy(asc(logLeaves.seq));
  return rows.map((row) => Buffer.from(row.leafHash, "hex"));
}

/**
 * The leaves recomputed from the events as they are now, in seq order, in batches to bound memory.
 * It stops at the first seq that is missing or whose event is gone: everything after it is out of place.
 */
export async function recomputeLeaves(db: Executor): Promise<Hash[]> {
  const leaves: Hash[] = [];
  for (;;) {
    const rows = await db
      .select({ seq: eventChain.seq, event: events })
      .from(eventChain)
      .leftJoin(events, eq(events.id, eventChain.eventId))
      .where(and(gt(eventChain.seq, leaves.length), lte(eventChain.seq, leaves.length + BATCH)))
      .orderBy(asc(eventChain.seq));
    for (const { seq, event } of rows) {
      if (seq !== leaves.length + 1 || !event) return leaves;
      leaves.push(eventLeafHash(toHashableEvent(event)));
    }
    if (rows.length < BATCH) return leaves;
  }
}
