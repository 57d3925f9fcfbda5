import "server-only";
import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { eventChain, eventSealQueue, events } from "@/db/schema";
import { chainHash, eventHash, GENESIS_HASH } from "@/lib/domain/event-chain";
import { toHashableEvent } from "./hashable-event";

/** Any fixed 64-bit number: the advisory lock that makes one sealer at a time chain the log. */
const SEALER_LOCK = 0x636f756e74657273n;

/**
 * Chains events that committed since the last run. Appends never wait on this: they insert freely and
 * the sealer, alone under a transaction-scoped advisory lock, assigns the dense `seq` and each link's
 * hash. Returns how many events it sealed: 0 if another sealer holds the lock, unless `waitForLock`
 * (exports use it, so that "nothing sealed" really means "nothing left to seal").
 */
export async function sealEvents(db: Database, options: { batchSize?: number; waitForLock?: boolean } = {}): Promise<number> {
  const { batchSize = 1000, waitForLock = false } = options;
  return db.transaction(async (tx) => {
    if (waitForLock) {
      await tx.execute(sql`select pg_advisory_xact_lock(${SEALER_LOCK})`);
    } else {
      const [{ locked }] = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${SEALER_LOCK}) as locked`);
      if (!locked) return 0;
    }
    const pending = await tx
      .select({ event: events })
      .from(eventSealQueue)
      .innerJoin(events, eq(events.id, eventSealQueue.eventId))
      .orderBy(asc(eventSealQueue.eventId))
      .limit(batchSize);
    if (pending.length === 0) return 0;
    const [head] = await tx.select().from(eventChain).orderBy(desc(eventChain.seq)).limit(1);
    let seq = head?.seq ?? 0;
    let prev = head?.chainHash ?? GENESIS_HASH;
    const links = pending.map(({ event }) => {
      const hash = eventHash(toHashableEvent(event));
      const link = { seq: ++seq, eventId: event.id, eventHash: hash, prevHash: prev, chainHash: chainHash(prev, hash) };
      prev = link.chainHash;
      return link;
    });
    await tx.insert(eventChain).values(links);
    await tx.delete(eventSealQueue).where(inArray(eventSealQueue.eventId, links.map((l) => l.eventId)));
    return links.length;
  });
}
