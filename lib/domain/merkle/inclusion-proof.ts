import { nodeHash, splitPoint, subtreeRoot, type Hash, type SubtreeRange } from "./tree-hash";

/**
 * The leaf ranges [lo, hi) whose subtree roots make PATH(m, D[n]) of RFC 6962 2.1.1 (RFC 9162
 * 2.1.3.1), leaf first: the siblings from leaf `index` up to the root of the first `size` leaves.
 * Ranges, not hashes, so the same walk serves a proof from leaves and one from stored nodes.
 */
export function inclusionRanges(index: number, size: number): SubtreeRange[] {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) {
    throw new RangeError(`no leaf ${index} in a tree of ${size}`);
  }
  const path: SubtreeRange[] = [];
  let lo = 0;
  let hi = size;
  // Walk down from the root, collecting the sibling subtree at each split; the path lists them leaf first.
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      path.push({ lo: lo + k, hi });
      hi = lo + k;
    } else {
      path.push({ lo, hi: lo + k });
      lo += k;
    }
  }
  return path.reverse();
}

/** PATH(m, D[n]) computed from the leaves themselves: O(n) hashes, for checks and references. */
export function inclusionProof(leaves: readonly Hash[], index: number, size: number): Hash[] {
  if (size > leaves.length) throw new RangeError(`no tree of ${size} over ${leaves.length} leaves`);
  return inclusionRanges(index, size).map(({ lo, hi }) => subtreeRoot(leaves, lo, hi));
}

/** RFC 9162 2.1.3.2: the root that `path` leads to from `leaf` at `index`, or null if the path cannot fit a tree of `size`. */
export function rootFromInclusionProof(index: number, size: number, leaf: Hash, path: readonly Hash[]): Hash | null {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      // A right-edge node with no sibling at this level is carried up unchanged.
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(index: number, size: number, leaf: Hash, path: readonly Hash[], root: Hash): boolean {
  const computed = rootFromInclusionProof(index, size, leaf, path);
  return computed !== null && computed.equals(root);
}
