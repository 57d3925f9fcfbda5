import { asc, eq, sql } from "drizzle-orm";
import type { Transaction } from "../../db/client";
import { oneRow } from "../../db/one-row";
import { eventChain, events } from "../../db/schema";
import { chainHash, eventHash, GENESIS_HASH } from "../../lib/domain/event-chain";
import { appendLeaves, EMPTY_RANGE, rangeRoot } from "../../lib/domain/merkle/compact-range";
import { eventLeafHash } from "../../lib/domain/merkle/tree-hash";
import { toHashableEvent } from "../../lib/services/hashable-event";
import { ownerDatabase } from "./test-database";

const APPEND_ONLY = ["events_append_only", "event_chain_append_only", "log_leaves_append_only", "log_nodes_append_only", "log_tree_heads_append_only"];
const TABLE_OF = (trigger: string) => trigger.replace(/_append_only$/, "");

/**
 * What a database superuser can do: with the append-only triggers off in one transaction, change the
 * events (`tamper`), then recompute the whole chain and tree over them, so that both verify on their
 * own. `order` decides which event goes at which seq.
 */
export async function rewriteLog(tamper: (tx: Transaction) => Promise<unknown>, order: (ids: number[]) => number[] = (ids) => ids) {
  await withTriggersOff(async (tx) => {
    await tamper(tx);
    const chained = await tx.select({ eventId: eventChain.eventId }).from(eventChain).orderBy(asc(eventChain.seq));
    const ids = order(chained.map((row) => row.eventId));
    await tx.execute(sql`delete from log_leaves`);
    await tx.execute(sql`delete from log_nodes`);
    await tx.execute(sql`delete from log_tree_heads`);
    await tx.execute(sql`delete from event_chain`);
    let prev = GENESIS_HASH;
    const leaves = [];
    for (const [i, id] of ids.entries()) {
      const event = oneRow(await tx.select().from(events).where(eq(events.id, id)));
      const hash = eventHash(toHashableEvent(event));
      await tx.insert(eventChain).values({ seq: i + 1, eventId: id, eventHash: hash, prevHash: prev, chainHash: chainHash(prev, hash) });
      prev = chainHash(prev, hash);
      const leaf = eventLeafHash(toHashableEvent(event));
      leaves.push(leaf);
      await tx.execute(sql`insert into log_leaves (seq, leaf_hash) values (${i + 1}, ${leaf.toString("hex")})`);
    }
    // The stored nodes too, as the migration builds them, so proofs from them agree with the rewrite.
    await tx.execute(sql`select countersign_build_log_nodes()`);
    const range = appendLeaves(EMPTY_RANGE, leaves);
    await tx.execute(sql`update log_tree_state set size = ${range.size}, frontier = ${sql.raw(`'{${range.hashes.map((h) => h.toString("hex")).join(",")}}'`)}`);
    await tx.execute(sql`insert into log_tree_heads (size, root_hash) values (${range.size}, ${rangeRoot(range).toString("hex")})`);
  });
}

/** `tamper` as the database owner, in one transaction with the append-only triggers off (and on again after). */
export async function withTriggersOff(tamper: (tx: Transaction) => Promise<unknown>) {
  await ownerDatabase().transaction(async (tx) => {
    for (const trigger of APPEND_ONLY) await tx.execute(sql.raw(`alter table ${TABLE_OF(trigger)} disable trigger ${trigger}`));
    await tamper(tx);
    for (const trigger of APPEND_ONLY) await tx.execute(sql.raw(`alter table ${TABLE_OF(trigger)} enable always trigger ${trigger}`));
  });
}

