import "server-only";
import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { oneRow } from "@/db/one-row";
import { eventChain, eventSealQueue, events } from "@/db/schema";
import { chainHash, eventHash, GENESIS_HASH } from "@/lib/domain/event-chain";
import { toHashableEvent } from "./hashable-event";

/** Any fixed 64-bit number: the advisory lock that makes one sealer at a time chain the log. */
const SEALER_LOCK = 0x636f756e74657273n;

/**
 * Chains events that committed since the last run. Appends never wait on this: they insert freely and
 * the sealer, alone under the advisory lock, assigns the dense `seq` and each link's hash. Returns how
 * many events it sealed; 0 if another sealer holds the lock.
 */
export async function sealEvents(db: Database, batchSize = 1000): Promise<number> {
  return db.transaction(async (tx) => ((await trySealerLock(tx)) ? sealQueued(tx, batchSize) : 0));
}

/** Takes the sealer's lock for the rest of `tx`, if no one else holds it. */
export async function trySealerLock(tx: Transaction): Promise<boolean> {
  const { locked } = oneRow(await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${SEALER_LOCK}) as locked`));
  return locked;
}

/** Returns once whoever holds the sealer's lock has finished. */
export async function waitForSealer(db: Database): Promise<void> {
  await db.transaction((tx) => tx.execute(sql`select pg_advisory_xact_lock(${SEALER_LOCK})`));
}

/** Seals up to `batchSize` queued events in `tx`, which must hold the sealer's lock. */
export async function sealQueued(tx: Transaction, batchSize = 1000): Promise<number> {
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
}
