import type { NodeId } from "./stored-nodes";
import { EMPTY_ROOT, nodeHash, type Hash } from "./tree-hash";

/**
 * The frontier of a tree of `size` leaves: the roots of its perfect subtrees, largest (leftmost)
 * first, one per set bit of `size`. It is all that appending and the root need, so a sealer keeps
 * O(log n) hashes and a batch of b leaves costs O(b · log n) hashes.
 */
export type CompactRange = { size: number; hashes: Hash[] };

export const EMPTY_RANGE: CompactRange = { size: 0, hashes: [] };

/**
 * A perfect subtree's root that an append completed: the node at `level` ≥ 1 covering leaves
 * [index · 2^level, (index + 1) · 2^level). A sealer stores these so proofs read O(log n) nodes.
 */
export type CompletedNode = NodeId & { hash: Hash };

/** Appends `leaf`; each node the append completes is pushed onto `completed` when given. */
export function appendLeaf(range: CompactRange, leaf: Hash, completed?: CompletedNode[]): CompactRange {
  const hashes = [...range.hashes];
  let node = leaf;
  let id: NodeId = { level: 0, index: range.size };
  // Each trailing set bit of the size is a perfect subtree of the new leaf's height: merge into it.
  for (let size = range.size; size % 2 === 1; size = Math.floor(size / 2)) {
    node = nodeHash(hashes.pop() as Hash, node);
    id = { level: id.level + 1, index: Math.floor(id.index / 2) };
    completed?.push({ ...id, hash: node });
  }
  hashes.push(node);
  return { size: range.size + 1, hashes };
}

export function appendLeaves(range: CompactRange, leaves: Iterable<Hash>, completed?: CompletedNode[]): CompactRange {
  let next = range;
  for (const leaf of leaves) next = appendLeaf(next, leaf, completed);
  return next;
}

/** RFC 6962's root: the frontier folded from the right, the smaller subtrees hashing in first. */
export function rangeRoot(range: CompactRange): Hash {
  const { hashes } = range;
  if (hashes.length === 0) return EMPTY_ROOT;
  let root = hashes[hashes.length - 1] as Hash;
  for (let i = hashes.length - 2; i >= 0; i--) root = nodeHash(hashes[i] as Hash, root);
  return root;
}

/** A range read back from storage must have one hash per set bit of its size, or it is not one. */
export function isWellFormedRange(range: CompactRange): boolean {
  let bits = 0;
  for (let size = range.size; size > 0; size = Math.floor(size / 2)) bits += size % 2;
  return Number.isSafeInteger(range.size) && range.size >= 0 && range.hashes.length === bits && range.hashes.every((h) => h.length === 32);
}
