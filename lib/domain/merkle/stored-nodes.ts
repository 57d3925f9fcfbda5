import { rangeRoot } from "./compact-range";
import type { Hash, SubtreeRange } from "./tree-hash";

/**
 * A perfect subtree of the log's tree, as stored: the node at `level` covers leaves
 * [index · 2^level, (index + 1) · 2^level); level 0 is leaf `index` itself. Once the tree has grown
 * past a node, the node never changes, so a sealer writes each one once and proofs read them back.
 */
export type NodeId = { level: number; index: number };

/** A node's key in a lookup table of stored hashes. */
export const nodeKey = ({ level, index }: NodeId): string => `${level}:${index}`;

/**
 * The perfect subtrees that make up a range RFC 6962's splits reach, largest (leftmost) first, one
 * per set bit of hi − lo: at most log n of them. Folded like a compact range they give the range's
 * root (RFC 6962 splits a range at its largest power of two, which is the first of them), so a root
 * on the right edge of a tree that is not a power of two costs O(log n) stored nodes, not its leaves.
 */
export function perfectSubtrees({ lo, hi }: SubtreeRange): NodeId[] {
  if (!(Number.isSafeInteger(lo) && Number.isSafeInteger(hi) && lo >= 0 && lo <= hi)) throw new RangeError(`no subtree [${lo}, ${hi})`);
  const nodes: NodeId[] = [];
  for (let at = lo; at < hi; ) {
    let width = 1;
    let level = 0;
    while (width * 2 <= hi - at) {
      width *= 2;
      level += 1;
    }
    // Only ranges whose start is a multiple of their largest power of two are nodes of the tree.
    if (at % width !== 0) throw new RangeError(`[${lo}, ${hi}) is not a subtree of an RFC 6962 tree`);
    nodes.push({ level, index: at / width });
    at += width;
  }
  return nodes;
}

/** The leaves a node covers. */
export const nodeRange = ({ level, index }: NodeId): SubtreeRange => ({ lo: index * 2 ** level, hi: (index + 1) * 2 ** level });

/** Every node the proofs made of `ranges` need, each once: what to read from storage. */
export function nodesFor(proofs: readonly SubtreeRange[][]): NodeId[] {
  const wanted = new Map<string, NodeId>();
  for (const ranges of proofs) for (const range of ranges) for (const node of perfectSubtrees(range)) wanted.set(nodeKey(node), node);
  return [...wanted.values()];
}

/**
 * The proof whose elements are the roots of `ranges`, from stored node hashes. Throws when a node
 * is missing: the stored tree has lost what its sealer wrote, and a proof must not be guessed.
 */
export function proofFromNodes(ranges: readonly SubtreeRange[], stored: ReadonlyMap<string, Hash>): Hash[] {
  return ranges.map((range) => {
    const hashes = perfectSubtrees(range).map((node) => {
      const hash = stored.get(nodeKey(node));
      if (!hash) throw new MissingNodeError(node);
      return hash;
    });
    return rangeRoot({ size: range.hi - range.lo, hashes });
  });
}

export class MissingNodeError extends Error {
  constructor(node: NodeId) {
    super(`the stored tree has no node at level ${node.level}, index ${node.index}; an operator must restore log_nodes from the leaves`);
    this.name = "MissingNodeError";
  }
}
