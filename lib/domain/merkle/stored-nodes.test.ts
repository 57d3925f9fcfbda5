import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appendLeaves, EMPTY_RANGE, type CompletedNode } from "./compact-range";
import { consistencyProof, consistencyRanges } from "./consistency-proof";
import { inclusionProof, inclusionRanges } from "./inclusion-proof";
import { MissingNodeError, nodeKey, nodesFor, perfectSubtrees, proofFromNodes } from "./stored-nodes";
import { leafHash, subtreeRoot, type Hash } from "./tree-hash";

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));

/** What a sealer stores for these leaves: each leaf at level 0 and every node its appends completed. */
function storedTree(leaves: readonly Hash[]): Map<string, Hash> {
  const completed: CompletedNode[] = [];
  appendLeaves(EMPTY_RANGE, leaves, completed);
  const stored = new Map(leaves.map((leaf, index) => [nodeKey({ level: 0, index }), leaf]));
  for (const node of completed) {
    expect(stored.has(nodeKey(node))).toBe(false);
    stored.set(nodeKey(node), node.hash);
  }
  return stored;
}

/** Proofs compared as one hex string each: a mismatch still shows, and quicker than Buffer by Buffer. */
const hex = (proof: readonly Hash[]) => proof.map((h) => h.toString("hex")).join(" ");

const LEAVES = leavesOf(64);
const STORED = storedTree(LEAVES);

describe("proofs from stored nodes", () => {
  it("the appends complete exactly the perfect subtrees, each with its root", () => {
    // 64 leaves: 32 + 16 + 8 + 4 + 2 + 1 nodes above them.
    expect(STORED.size).toBe(64 + 63);
    for (const [key, hash] of STORED) {
      const [level, index] = key.split(":").map(Number) as [number, number];
      expect(hash.equals(subtreeRoot(LEAVES, index * 2 ** level, (index + 1) * 2 ** level))).toBe(true);
    }
  });

  it("equal the proofs from the leaves for every inclusion and consistency up to 64 leaves", () => {
    for (let size = 1; size <= 64; size++) {
      // The nodes complete at this size: what the sealer had stored when the tree had `size` leaves.
      const stored = storedTree(LEAVES.slice(0, size));
      for (let index = 0; index < size; index++) {
        expect(hex(proofFromNodes(inclusionRanges(index, size), stored))).toBe(hex(inclusionProof(LEAVES, index, size)));
      }
      for (let from = 0; from <= size; from++) {
        expect(hex(proofFromNodes(consistencyRanges(from, size), stored))).toBe(hex(consistencyProof(LEAVES, from, size)));
      }
    }
  });

  it("equal the proofs from the leaves for random larger trees, reading O(log n) nodes", () => {
    const leaves = leavesOf(3000);
    const stored = storedTree(leaves);
    fc.assert(
      fc.property(fc.integer({ min: 65, max: 3000 }), fc.nat(), fc.nat(), (size, i, j) => {
        const index = i % size;
        const from = j % (size + 1);
        const inclusion = inclusionRanges(index, size);
        const consistency = consistencyRanges(from, size);
        expect(hex(proofFromNodes(inclusion, stored))).toBe(hex(inclusionProof(leaves, index, size)));
        expect(hex(proofFromNodes(consistency, stored))).toBe(hex(consistencyProof(leaves, from, size)));
        // log2(3000) < 12: each proof has at most 12 elements, each folded from at most 12 nodes.
        expect(nodesFor([inclusion]).length).toBeLessThanOrEqual(2 * 12);
        expect(nodesFor([consistency]).length).toBeLessThanOrEqual(2 * 12);
      }),
      { numRuns: 100 },
    );
  });

  it("splits a range into its perfect subtrees, largest first, and refuses one that is not a subtree", () => {
    expect(perfectSubtrees({ lo: 8, hi: 15 })).toEqual([{ level: 2, index: 2 }, { level: 1, index: 6 }, { level: 0, index: 14 }]);
    expect(perfectSubtrees({ lo: 0, hi: 16 })).toEqual([{ level: 4, index: 0 }]);
    expect(perfectSubtrees({ lo: 3, hi: 3 })).toEqual([]);
    expect(() => perfectSubtrees({ lo: 2, hi: 6 })).toThrow(RangeError);
  });

  it("refuses to guess a node that storage lacks", () => {
    const stored = new Map(STORED);
    stored.delete(nodeKey({ level: 3, index: 1 }));
    expect(() => proofFromNodes(inclusionRanges(0, 16), stored)).toThrow(MissingNodeError);
  });
});
