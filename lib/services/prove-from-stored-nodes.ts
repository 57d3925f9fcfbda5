import "server-only";
import { sql } from "drizzle-orm";
import { arrayLiteral } from "@/db/array-literal";
import type { Executor } from "@/db/client";
import type { CompactRange } from "@/lib/domain/merkle/compact-range";
import { nodeRange, nodesFor, perfectSubtrees, proofFromNodes } from "@/lib/domain/merkle/stored-nodes";
import type { Hash, SubtreeRange } from "@/lib/domain/merkle/tree-hash";

/**
 * Proofs whose elements are the roots of the given ranges (from inclusionRanges or
 * consistencyRanges), built from the nodes the sealer stored: one query reading O(log n) rows per
 * proof, whatever the log's size. Level 0 is read from log_leaves, higher levels from log_nodes.
 * A node that is missing fails the proof (MissingNodeError) rather than let it be guessed; a node
 * that was tampered with yields a proof that does not verify against the signed checkpoint.
 */
export async function proveFromStoredNodes(db: Executor, proofs: readonly SubtreeRange[][]): Promise<Hash[][]> {
  const wanted = nodesFor(proofs);
  const stored = new Map<string, Hash>();
  if (wanted.length > 0) {
    const rows = await db.execute<{ key: string; hash: string | null }>(sql`
      select want.level || ':' || want.idx as key, coalesce(node.hash, leaf.leaf_hash) as hash
      from unnest(${arrayLiteral(wanted.map((node) => node.level))}::smallint[], ${arrayLiteral(wanted.map((node) => node.index))}::bigint[]) as want(level, idx)
      left join log_nodes node on want.level > 0 and node.level = want.level and node.idx = want.idx
      left join log_leaves leaf on want.level = 0 and leaf.seq = want.idx + 1`);
    for (const row of rows) if (row.hash) stored.set(row.key, Buffer.from(row.hash, "hex"));
  }
  return proofs.map((ranges) => proofFromNodes(ranges, stored));
}

/** The compact range of the tree of the first `size` leaves, from the stored nodes: O(log n) rows. */
export async function readCompactRange(db: Executor, size: number): Promise<CompactRange> {
  const [hashes = []] = await proveFromStoredNodes(db, [perfectSubtrees({ lo: 0, hi: size }).map(nodeRange)]);
  return { size, hashes };
}
