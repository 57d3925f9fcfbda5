import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appendLeaf, EMPTY_RANGE, isWellFormedRange, rangeRoot, type CompactRange } from "./compact-range";
import { consistencyProof, verifyConsistency } from "./consistency-proof";
import { inclusionProof, rootFromInclusionProof, verifyInclusion } from "./inclusion-proof";
import { leafHash, nodeHash, treeRoot, type Hash } from "./tree-hash";

/**
 * A naive reference built another way: the whole tree level by level, where a last node without a
 * sibling is carried up unchanged (which is what RFC 6962's split at the largest power of two
 * amounts to). Proofs by the production code are checked against its roots and sibling walks.
 */
function levels(leaves: readonly Hash[]): Hash[][] {
  const all = [leaves.slice()];
  for (let level = all[0] as Hash[]; level.length > 1; ) {
    const next: Hash[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? nodeHash(level[i] as Hash, level[i + 1] as Hash) : (level[i] as Hash));
    all.push(next);
    level = next;
  }
  return all;
}

function naiveRoot(leaves: readonly Hash[]): Hash {
  return leaves.length === 0 ? treeRoot([]) : (levels(leaves).at(-1)?.[0] as Hash);
}

function naiveInclusion(leaves: readonly Hash[], index: number): Hash[] {
  const path: Hash[] = [];
  let i = index;
  for (const level of levels(leaves).slice(0, -1)) {
    const sibling = i % 2 === 1 ? i - 1 : i + 1;
    if (sibling < level.length) path.push(level[sibling] as Hash);
    i = Math.floor(i / 2);
  }
  return path;
}

const leavesOf = (n: number, salt = "") => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`${salt}leaf ${i}`)));

/** Every way to spoil a proof: flip a bit of any hash, drop, add or swap hashes. */
function spoiled(proof: readonly Hash[]): Hash[][] {
  const out: Hash[][] = [];
  proof.forEach((h, i) => {
    const flipped = Buffer.from(h);
    flipped[i % 32] = (flipped[i % 32] as number) ^ 1;
    out.push(proof.map((x, j) => (j === i ? flipped : x)));
    out.push(proof.filter((_, j) => j !== i));
  });
  out.push([...proof, leafHash(Buffer.from("extra"))]);
  if (proof.length > 1) out.push([proof[1] as Hash, proof[0] as Hash, ...proof.slice(2)]);
  return out;
}

const LEAVES = leavesOf(64);
const ROOTS = Array.from({ length: 65 }, (_, n) => naiveRoot(LEAVES.slice(0, n)));

// Exhaustive over every size and pair of sizes: about a second alone, several on a loaded machine.
describe("Merkle proofs for every tree up to 64 leaves", { timeout: 30_000 }, () => {
  it("agrees with the naive tree on roots, whole and through the compact range", () => {
    let range: CompactRange = EMPTY_RANGE;
    for (let n = 0; n <= 64; n++) {
      expect(treeRoot(LEAVES, n)).toEqual(ROOTS[n]);
      expect(rangeRoot(range)).toEqual(ROOTS[n]);
      expect(isWellFormedRange(range)).toBe(true);
      if (n < 64) range = appendLeaf(range, LEAVES[n] as Hash);
    }
  });

  it("proves every leaf in every tree, and rejects every spoiled proof, other leaf, index or root", () => {
    for (let n = 1; n <= 64; n++) {
      const root = ROOTS[n] as Hash;
      for (let i = 0; i < n; i++) {
        const leaf = LEAVES[i] as Hash;
        const proof = inclusionProof(LEAVES, i, n);
        expect(proof).toEqual(naiveInclusion(LEAVES.slice(0, n), i));
        expect(verifyInclusion(i, n, leaf, proof, root)).toBe(true);
        for (const bad of spoiled(proof)) expect(verifyInclusion(i, n, leaf, bad, root)).toBe(false);
        expect(verifyInclusion(i, n, leafHash(Buffer.from("other")), proof, root)).toBe(false);
        if (i + 1 < n) expect(verifyInclusion(i + 1, n, leaf, proof, root)).toBe(false);
        expect(verifyInclusion(i, n, leaf, proof, ROOTS[n - 1] as Hash)).toBe(false);
      }
      expect(rootFromInclusionProof(n, n, LEAVES[0] as Hash, [])).toBeNull();
    }
  });

  it("proves every tree consistent with every smaller one, and rejects spoiled proofs and forked trees", () => {
    const forked = leavesOf(64, "fork ");
    for (let n = 1; n <= 64; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(LEAVES, m, n);
        expect(verifyConsistency(m, n, ROOTS[m] as Hash, ROOTS[n] as Hash, proof)).toBe(true);
        for (const bad of spoiled(proof)) expect(verifyConsistency(m, n, ROOTS[m] as Hash, ROOTS[n] as Hash, bad)).toBe(false);
        // A log that rewrote any of the first m leaves cannot prove itself consistent with the old head.
        const rewritten = [...LEAVES.slice(0, m - 1), forked[m - 1] as Hash, ...LEAVES.slice(m, n)];
        expect(verifyConsistency(m, n, ROOTS[m] as Hash, treeRoot(rewritten), consistencyProof(rewritten, m, n))).toBe(false);
        if (m < n) {
          expect(verifyConsistency(m, n, ROOTS[m] as Hash, ROOTS[n - 1] as Hash, proof)).toBe(false);
          expect(verifyConsistency(m + 1, n, ROOTS[m + 1] as Hash, ROOTS[n] as Hash, proof)).toBe(false);
        }
      }
      expect(verifyConsistency(0, n, ROOTS[0] as Hash, ROOTS[n] as Hash, [])).toBe(true);
    }
  });

  it("refuses to build proofs for leaves or sizes the tree does not have", () => {
    expect(() => inclusionProof(LEAVES, 3, 3)).toThrow(RangeError);
    expect(() => inclusionProof(LEAVES, 0, 65)).toThrow(RangeError);
    expect(() => consistencyProof(LEAVES, 5, 4)).toThrow(RangeError);
    expect(() => consistencyProof(LEAVES, 1, 65)).toThrow(RangeError);
  });
});

describe("Merkle proofs for random larger trees", { timeout: 30_000 }, () => {
  const BIG = leavesOf(3000, "big ");

  it("match the naive tree's roots and paths, and every proof verifies", () => {
    fc.assert(
      fc.property(fc.integer({ min: 65, max: 3000 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: n }))), ([n, i, m]) => {
        const leaves = BIG.slice(0, n);
        const root = naiveRoot(leaves);
        let range: CompactRange = EMPTY_RANGE;
        for (const leaf of leaves) range = appendLeaf(range, leaf);
        expect(rangeRoot(range)).toEqual(root);
        const proof = inclusionProof(BIG, i, n);
        expect(proof).toEqual(naiveInclusion(leaves, i));
        expect(verifyInclusion(i, n, BIG[i] as Hash, proof, root)).toBe(true);
        expect(verifyConsistency(m, n, naiveRoot(BIG.slice(0, m)), root, consistencyProof(BIG, m, n))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
