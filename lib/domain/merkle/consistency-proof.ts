import { nodeHash, splitPoint, subtreeRoot, type Hash, type SubtreeRange } from "./tree-hash";

/**
 * The leaf ranges [lo, hi) whose subtree roots make PROOF(m, D[n]) of RFC 6962 2.1.2 (RFC 9162
 * 2.1.4.1): what shows that the tree of the first `to` leaves extends the tree of the first `from`.
 * Empty when from is 0 or equals to.
 */
export function consistencyRanges(from: number, to: number): SubtreeRange[] {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 0 && from <= to)) {
    throw new RangeError(`no consistency proof from ${from} to ${to}`);
  }
  if (from === 0 || from === to) return [];
  const proof: SubtreeRange[] = [];
  let lo = 0;
  let hi = to;
  let m = from;
  // SUBPROOF(m, D[lo:hi], whole): `whole` is true while the old tree's root is itself a node on the path, which the verifier already holds.
  let whole = true;
  while (m !== hi - lo) {
    const k = splitPoint(hi - lo);
    if (m <= k) {
      proof.push({ lo: lo + k, hi });
      hi = lo + k;
    } else {
      proof.push({ lo, hi: lo + k });
      lo += k;
      m -= k;
      whole = false;
    }
  }
  if (!whole) proof.push({ lo, hi });
  return proof.reverse();
}

/** PROOF(m, D[n]) computed from the leaves themselves: O(n) hashes, for checks and references. */
export function consistencyProof(leaves: readonly Hash[], from: number, to: number): Hash[] {
  if (to > leaves.length) throw new RangeError(`no consistency proof from ${from} to ${to} over ${leaves.length} leaves`);
  return consistencyRanges(from, to).map(({ lo, hi }) => subtreeRoot(leaves, lo, hi));
}

/** RFC 9162 2.1.4.2: true when `proof` shows the tree (`from`, `fromRoot`) is a prefix of (`to`, `toRoot`). */
export function verifyConsistency(from: number, to: number, fromRoot: Hash, toRoot: Hash, proof: readonly Hash[]): boolean {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 0 && from <= to)) return false;
  // Every tree extends the empty one; a tree extends itself only if it is the same tree.
  if (from === 0) return proof.length === 0;
  if (from === to) return proof.length === 0 && fromRoot.equals(toRoot);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(from) ? [fromRoot, ...proof] : [...proof];
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0] as Hash;
  let sr = path[0] as Hash;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(fromRoot) && sr.equals(toRoot);
}

/** Arithmetic, not bitwise: bitwise operators truncate to 32 bits and tree sizes may not. */
function isPowerOfTwo(n: number): boolean {
  let rest = n;
  while (rest > 1 && rest % 2 === 0) rest /= 2;
  return rest === 1;
}
