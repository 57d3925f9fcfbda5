import "server-only";
import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { eventChain, eventSealQueue, events } from "@/db/schema";
import { chainHash, eventHash, GENESIS_HASH } from "@/lib/domain/event-chain";
import { toHashableEvent } from "./hashable-event";
import { oneRow } from "@/db/one-row";

/** Sent at each seal's commit, so whoever waits for the chain to catch up re-checks at once. */
export const SEALED_CHANNEL = "events_sealed";

/**
 * The chain holds something only the sealer should have written: a link for an event that is still
 * queued, or a taken seq. Sealing cannot go on without reusing a seq or sealing an event twice, so it
 * stops, says why, and verification reports the log broken until an operator repairs it.
 */
export class SealConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealConflictError";
  }
}

/**
 * Chains events that committed since the last run. Appends never wait on this: they insert freely and
 * the sealer, alone under its lock, assigns the dense `seq` and each link's hash. `db` must
 * connect as a member of countersign_sealer, the only role that may write the chain. Returns how many
 * events it sealed; 0 if another sealer holds the lock.
 */
export async function sealEvents(db: Database, batchSize = 1000): Promise<number> {
  return db.transaction(async (tx) => ((await trySealerLock(tx)) ? sealQueued(tx, batchSize) : 0));
}

/**
 * Locks the one row of event_sealer_lock for the rest of `tx`, unless another sealer holds it. Only
 * countersign_sealer may lock it (an advisory lock anyone could hold, and so stall sealing unseen).
 */
async function trySealerLock(tx: Transaction): Promise<boolean> {
  if ((await tx.execute(sql`select id from event_sealer_lock for update skip locked`)).length > 0) return true;
  const { rows } = oneRow(await tx.execute<{ rows: number }>(sql`select count(*)::int as rows from event_sealer_lock`));
  if (rows === 0) throw new Error("event_sealer_lock has lost its row, so no sealer can take the lock; an operator must restore it (INSERT INTO event_sealer_lock DEFAULT VALUES)");
  return false;
}

async function sealQueued(tx: Transaction, batchSize: number): Promise<number> {
  const pending = await tx
    .select({ event: events })
    .from(eventSealQueue)
    .innerJoin(events, eq(events.id, eventSealQueue.eventId))
    .orderBy(asc(eventSealQueue.eventId))
    .limit(batchSize);
  if (pending.length === 0) return 0;
  const ids = pending.map(({ event }) => event.id);
  const [chained] = await tx.select({ seq: eventChain.seq, eventId: eventChain.eventId }).from(eventChain).where(inArray(eventChain.eventId, ids)).limit(1);
  if (chained) {
    throw new SealConflictError(
      `event ${chained.eventId} waits to be sealed but is already chained at seq ${chained.seq}: something other than the sealer wrote the chain; sealing is stopped until an operator repairs the log`,
    );
  }
  const [head] = await tx.select().from(eventChain).orderBy(desc(eventChain.seq)).limit(1);
  let seq = head?.seq ?? 0;
  let prev = head?.chainHash ?? GENESIS_HASH;
  const links = pending.map(({ event }) => {
    const hash = eventHash(toHashableEvent(event));
    const link = { seq: ++seq, eventId: event.id, eventHash: hash, prevHash: prev, chainHash: chainHash(prev, hash) };
    prev = link.chainHash;
    return link;
  });
  await tx.insert(eventChain).values(links).catch((error: unknown) => {
    // The lock keeps other sealers out, so a taken seq was written by someone who bypassed it.
    if ((error as { cause?: { code?: string } }).cause?.code === "23505") {
      throw new SealConflictError(`seq ${links[0]?.seq} or a later one was taken while sealing, by a writer other than the sealer; sealing is stopped until an operator repairs the log`);
    }
    throw error;
  });
  await tx.delete(eventSealQueue).where(inArray(eventSealQueue.eventId, ids));
  await tx.execute(sql`select pg_notify(${SEALED_CHANNEL}, ${String(seq)})`);
  return links.length;
}
