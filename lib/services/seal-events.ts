import "server-only";
import { and, asc, desc, eq, gt, lte, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { arrayLiteral } from "@/db/array-literal";
import { eventChain, eventSealQueue, events, logCheckpoints, logTreeHeads, logTreeState } from "@/db/schema";
import { getConfig } from "@/lib/config";
import { sha256Hex } from "@/lib/domain/canonical-json";
import { chainHash, GENESIS_HASH, hashedEventJson } from "@/lib/domain/event-chain";
import { appendLeaves, isWellFormedRange, rangeRoot, type CompactRange, type CompletedNode } from "@/lib/domain/merkle/compact-range";
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

/**
 * Seals everything queued, inside the caller's transaction, which must hold the sealer's lock: a
 * checkpoint signed right after covers every event committed before it, so an event sealed later
 * and claiming an earlier time is told apart from one that merely waited in the queue.
 */
export async function sealAllQueued(tx: Transaction, batchSize = 1000): Promise<number> {
  // A batch short of full found the queue's end; writers arriving meanwhile need not be waited for.
  let sealed = 0;
  let n: number;
  do {
    n = await sealQueued(tx, batchSize);
    sealed += n;
  } while (n === batchSize);
  return sealed;
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
  const ids = sql`${arrayLiteral(pending.map(({ event }) => event.id))}::bigint[]`;
  // Independent reads, sent at once on the transaction's connection (pipelined): one round trip.
  const [[chained], [head], backdatedBefore] = await Promise.all([
    tx.select({ seq: eventChain.seq, eventId: eventChain.eventId }).from(eventChain).where(sql`${eventChain.eventId} = any(${ids})`).limit(1),
    tx.select().from(eventChain).orderBy(desc(eventChain.seq)).limit(1),
    backdatingThreshold(tx),
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
    const backdated = backdatedBefore !== null && event.occurredAt < backdatedBefore;
    const link = { seq: ++seq, eventId: event.id, eventHash: hash, prevHash: prev, chainHash: chainHash(prev, hash), backdated };
    prev = link.chainHash;
    return link;
  });
  // One JSON parameter for the whole batch: binding six parameters per link cost more, on both
  // sides, than hashing the events.
  const rows = links.map((l) => ({ seq: l.seq, event_id: l.eventId, event_hash: l.eventHash, prev_hash: l.prevHash, chain_hash: l.chainHash, backdated: l.backdated }));
  await tx
    .execute(
      sql`
    insert into event_chain (seq, event_id, event_hash, prev_hash, chain_hash, backdated)
    select seq, event_id, event_hash, prev_hash, chain_hash, backdated
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as link(seq bigint, event_id bigint, event_hash text, prev_hash text, chain_hash text, backdated boolean)
  `,
    )
    .catch(stopIfTaken(`seq ${links[0]?.seq} or a later one`));
  await extendTree(tx, (head?.seq ?? 0) + 1, hashed.map((json) => leafHash(Buffer.from(json, "utf8"))));
  await Promise.all([
    tx.delete(eventSealQueue).where(sql`${eventSealQueue.eventId} = any(${ids})`),
    tx.execute(sql`select pg_notify(${SEALED_CHANNEL}, ${String(seq)})`),
  ]);
  return links.length;
}

/**
 * The time before which a newly sealed event is backdated: the last published checkpoint's, less the
 * allowed clock skew. Checkpoints are signed only once everything queued is sealed (sealAllQueued), so
 * anything sealed after one was committed after it: claiming to have occurred well before it means
 * its writer chose the time (the app's role can write any occurredAt). Null before the first checkpoint. The
 * latest by time: a heartbeat re-signs the same size later, and is as much a checkpoint.
 */
async function backdatingThreshold(tx: Transaction): Promise<Date | null> {
  const [last] = await tx.select({ publishedAt: logCheckpoints.publishedAt }).from(logCheckpoints).orderBy(desc(logCheckpoints.publishedAt)).limit(1);
  return last ? new Date(last.publishedAt.getTime() - getConfig().checkpoint.backdateSkewSeconds * 1000) : null;
}

/**
 * What turns a unique violation into a stop: the lock keeps other sealers out, so a row already in
 * the place of one the sealer writes was put there by someone who bypassed it.
 */
function stopIfTaken(what: string): (error: unknown) => never {
  return (error) => {
    if ((error as { cause?: { code?: string } }).cause?.code === "23505") {
      throw new SealConflictError(`${what} was taken while sealing, by a writer other than the sealer; sealing is stopped until an operator repairs the log`);
    }
    throw error;
  };
}

/**
 * Appends the leaves of the links just chained from `firstSeq` on, stores the nodes they complete,
 * and records the new tree head. The state row holds the compact range, so a batch costs
 * O(batch · log n) hashes whatever the log's size, and about one node row per leaf, which is what
 * lets proofs read O(log n) rows. Links chained before the tree existed (databases migrated to 0011)
 * are added first.
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
  const completed: CompletedNode[] = [];
  const grown = appendLeaves(range, leaves, completed);
  const taken = stopIfTaken(`a leaf or node of the tree beyond size ${range.size}`);
  // Leaves and nodes go in as three arrays each, one statement per table whatever the batch: binding
  // a parameter per value made these inserts most of a seal's cost.
  await tx.execute(sql`insert into log_leaves (seq, leaf_hash)
    select * from unnest(${arrayLiteral(leaves.map((_, i) => range.size + 1 + i))}::bigint[], ${arrayLiteral(leaves.map((leaf) => leaf.toString("hex")))}::text[])`).catch(taken);
  if (completed.length > 0) {
    await tx.execute(sql`insert into log_nodes (level, idx, hash)
      select * from unnest(${arrayLiteral(completed.map((node) => node.level))}::smallint[], ${arrayLiteral(completed.map((node) => node.index))}::bigint[], ${arrayLiteral(completed.map((node) => node.hash.toString("hex")))}::text[])`).catch(taken);
  }
  await tx.update(logTreeState).set({ size: grown.size, frontier: grown.hashes.map((h) => h.toString("hex")) });
  await tx.insert(logTreeHeads).values({ size: grown.size, rootHash: rangeRoot(grown).toString("hex") });
}
