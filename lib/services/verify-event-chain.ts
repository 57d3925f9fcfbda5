import "server-only";
import { asc, count, eq, gt, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { eventChain, events } from "@/db/schema";
import { eventHash, GENESIS_HASH, verifyChain, type ChainVerification } from "@/lib/domain/event-chain";
import { toHashableEvent } from "./hashable-event";

export type ChainStatus = ChainVerification & { unsealed: number; verifiedAt: string };

/** Re-hashes every event and walks the whole chain from genesis, in batches to bound memory. */
export async function verifyEventChain(db: Executor, batchSize = 5000): Promise<ChainStatus> {
  let afterSeq = 0;
  let prev = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select({ link: eventChain, event: events })
      .from(eventChain)
      .innerJoin(events, eq(events.id, eventChain.eventId))
      .where(gt(eventChain.seq, afterSeq))
      .orderBy(asc(eventChain.seq))
      .limit(batchSize);
    const result = verifyChain(
      rows.map(({ link, event }) => ({ ...link, recomputedEventHash: eventHash(toHashableEvent(event)) })),
      afterSeq + 1,
      prev,
    );
    if (!result.ok) return { ...result, checked: checked + result.checked, ...(await unsealedCount(db)) };
    checked += result.checked;
    prev = result.head;
    if (rows.length < batchSize) return { ok: true, checked, head: prev, ...(await unsealedCount(db)) };
    afterSeq = rows[rows.length - 1].link.seq;
  }
}

async function unsealedCount(db: Executor) {
  const [row] = await db
    .select({ n: count() })
    .from(events)
    .leftJoin(eventChain, sql`${eventChain.eventId} = ${events.id}`)
    .where(isNull(eventChain.eventId));
  return { unsealed: row.n, verifiedAt: new Date().toISOString() };
}
