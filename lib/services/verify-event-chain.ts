import "server-only";
import { asc, count, eq, gt } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { oneRow } from "@/db/one-row";
import { eventChain, eventSealQueue, events } from "@/db/schema";
import { eventHash, GENESIS_HASH, verifyChain, type ChainVerification } from "@/lib/domain/event-chain";
import type { UserActor } from "@/lib/domain/actor";
import { toHashableEvent } from "./hashable-event";
import { requireCapability } from "./require-capability";

export type ChainStatus = ChainVerification & { unsealed: number; verifiedAt: string };

/**
 * Re-hashes every event and walks the whole chain from genesis, in batches to bound memory, then
 * checks that no event is missing from both the chain and the seal queue (one taken off the queue
 * unsealed would otherwise never reach the chain or a pack).
 *
 * All of it reads one snapshot (REPEATABLE READ): otherwise the sealer committing between the counts
 * would make an intact log look as if events had gone missing.
 */
export async function verifyEventChain(db: Database, actor: UserActor, batchSize = 5000): Promise<ChainStatus> {
  requireCapability(actor, "readAuditLog");
  return db.transaction((tx) => verifyInSnapshot(tx, batchSize), { isolationLevel: "repeatable read", accessMode: "read only" });
}

async function verifyInSnapshot(db: Executor, batchSize: number): Promise<ChainStatus> {
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
    const last = rows.at(-1);
    if (last === undefined || rows.length < batchSize) return accountForEveryEvent(db, { ok: true, checked, head: prev });
    afterSeq = last.link.seq;
  }
}

async function unsealedCount(db: Executor) {
  const row = oneRow(await db.select({ n: count() }).from(eventSealQueue));
  return { unsealed: row.n, verifiedAt: new Date().toISOString() };
}

async function accountForEveryEvent(db: Executor, intact: ChainVerification & { ok: true }): Promise<ChainStatus> {
  const [all, sealed, queue] = await Promise.all([
    db.select({ n: count() }).from(events).then(oneRow),
    db.select({ n: count() }).from(eventChain).then(oneRow),
    unsealedCount(db),
  ]);
  const missing = all.n - sealed.n - queue.unsealed;
  if (missing === 0) return { ...intact, ...queue };
  return { ok: false, checked: intact.checked, brokenAt: intact.checked + 1, problem: `${missing} event(s) are neither chained nor waiting to be sealed`, ...queue };
}
