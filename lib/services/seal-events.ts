import "server-only";
import { and, asc, desc, eq, gt, lte, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { eventChain, eventSealQueue, events, logLeaves, logTreeHeads, logTreeState } from "@/db/schema";
import { sha256Hex } from "@/lib/domain/canonical-json";
import { chainHash, GENESIS_HASH, hashedEventJson } from "@/lib/domain/event-chain";
import { appendLeaves, isWellFormedRange, rangeRoot, type CompactRange } from "@/lib/domain/merkle/compact-range";
import { eventLeafHash, leafHash, type Hash } from "@/lib/domain/merkle/tree-hash";
import { toHashableEvent } from "./hashable-event";
import { trySealerLock } from "./sealer-lock";

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
 * Chains events that committed since the last run, and appends them as leaves of the Merkle tree. Appends never wait on this: they insert freely and
 * the sealer, alone under its lock, assigns the dense `seq` and each link's hash. `db` must
 * connect as a member of countersign_sealer, the only role that may write the chain. Returns how many
 * events it sealed; 0 if another sealer holds the lock.
 */
export async function sealEvents(db: Database, batchSize = 1000): Promise<number> {
  return db.transaction(async (tx) => ((await trySealerLock(tx)) ? sealQueued(tx, batchSize) : 0));
}

async function sealQueued(tx: Transaction, batchSize: number): Promise<number> {
  const pending = await tx
    .select({ event: events })
    .from(eventSealQueue)
    .innerJoin(events, eq(events.id, eventSealQueue.eventId))
    .orderBy(asc(eventSealQueue.eventId))
    .limit(batchSize);
  if (pending.length === 0) return 0;
  // The batch's ids as one array parameter, not a thousand: the statements parse and plan once.
  const ids = sql`${`{${pending.map(({ event }) => event.id).join(",")}}`}::bigint[]`;
  // Independent reads, sent at once on the transaction's connection (pipelined): one round trip.
  const [[chained], [head]] = await Promise.all([
    tx.select({ seq: eventChain.seq, eventId: eventChain.eventId }).from(eventChain).where(sql`${eventChain.eventId} = any(${ids})`).limit(1),
    tx.select().from(eventChain).orderBy(desc(eventChain.seq)).limit(1),
  ]);
  if (chained) {
    throw new SealConflictError(
      `event ${chained.eventId} waits to be sealed but is already chained at seq ${chained.seq}: something other than the sealer wrote the chain; sealing is stopped until an operator repairs the log`,
    );
  }
  let seq = head?.seq ?? 0;
  let prev = head?.chainHash ?? GENESIS_HASH;
  // The canonical JSON of an event is the costliest thing a seal computes: made once, it gives both
  // the link's event hash and the Merkle leaf.
  const hashed = pending.map(({ event }) => hashedEventJson(toHashableEvent(event)));
  const links = pending.map(({ event }, i) => {
    const hash = sha256Hex(hashed[i]!);
    const link = { seq: ++seq, eventId: event.id, eventHash: hash, prevHash: prev, chainHash: chainHash(prev, hash) };
    prev = link.chainHash;
    return link;
  });
  // One JSON parameter for the whole batch: binding five parameters per link cost more, on both
  // sides, than hashing the events.
  await tx.execute(sql`
    insert into event_chain (seq, event_id, event_hash, prev_hash, chain_hash)
    select seq, event_id, event_hash, prev_hash, chain_hash
    from jsonb_to_recordset(${JSON.stringify(links.map((l) => ({ seq: l.seq, event_id: l.eventId, event_hash: l.eventHash, prev_hash: l.prevHash, chain_hash: l.chainHash })))}::jsonb)
      as link(seq bigint, event_id bigint, event_hash text, prev_hash text, chain_hash text)
  `).catch((error: unknown) => {
    // The lock keeps other sealers out, so a taken seq was written by someone who bypassed it.
    if ((error as { cause?: { code?: string } }).cause?.code === "23505") {
      throw new SealConflictError(`seq ${links[0]?.seq} or a later one was taken while sealing, by a writer other than the sealer; sealing is stopped until an operator repairs the log`);
    }
    throw error;
  });
  await extendTree(tx, (head?.seq ?? 0) + 1, hashed.map((json) => leafHash(Buffer.from(json, "utf8"))));
  await Promise.all([
    tx.delete(eventSealQueue).where(sql`${eventSealQueue.eventId} = any(${ids})`),
    tx.execute(sql`select pg_notify(${SEALED_CHANNEL}, ${String(seq)})`),
  ]);
  return links.length;
}

/** Enough rows per INSERT to stay far below PostgreSQL's 65,535 bind parameters. */
const LEAF_ROWS_PER_INSERT = 5000;

/**
 * Appends the leaves of the links just chained from `firstSeq` on, and records the new tree head.
 * The state row holds the compact range, so a batch costs O(batch · log n) hashes whatever the
 * log's size. Links chained before the tree existed (databases migrated to 0011) are added first.
 */
async function extendTree(tx: Transaction, firstSeq: number, sealed: Hash[]): Promise<void> {
  const [state] = await tx.select().from(logTreeState);
  if (!state) throw new SealConflictError("log_tree_state has lost its row, so the tree cannot grow; an operator must restore it from the last tree head");
  const range: CompactRange = { size: state.size, hashes: state.frontier.map((h) => Buffer.from(h, "hex")) };
  if (!isWellFormedRange(range) || range.size > firstSeq - 1) {
    throw new SealConflictError(`the tree's state (size ${state.size}) does not fit the chain's ${firstSeq - 1} links: something other than the sealer wrote it; sealing is stopped until an operator repairs the log`);
  }
  const backlog = range.size < firstSeq - 1
    ? await tx
      .select({ event: events })
      .from(eventChain)
      .innerJoin(events, eq(events.id, eventChain.eventId))
      .where(and(gt(eventChain.seq, range.size), lte(eventChain.seq, firstSeq - 1)))
      .orderBy(asc(eventChain.seq))
    : [];
  if (backlog.length !== firstSeq - 1 - range.size) throw new SealConflictError(`the chain has gaps below seq ${firstSeq}, so the tree cannot catch up with it; sealing is stopped until an operator repairs the log`);
  const leaves = [...backlog.map(({ event }) => eventLeafHash(toHashableEvent(event))), ...sealed];
  const rows = leaves.map((leaf, i) => ({ seq: range.size + 1 + i, leafHash: leaf.toString("hex") }));
  for (let i = 0; i < rows.length; i += LEAF_ROWS_PER_INSERT) await tx.insert(logLeaves).values(rows.slice(i, i + LEAF_ROWS_PER_INSERT));
  const grown = appendLeaves(range, leaves);
  await tx.update(logTreeState).set({ size: grown.size, frontier: grown.hashes.map((h) => h.toString("hex")) });
  await tx.insert(logTreeHeads).values({ size: grown.size, rootHash: rangeRoot(grown).toString("hex") });
}
