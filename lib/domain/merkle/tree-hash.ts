import { createHash, hash } from "node:crypto";
import { hashedEventJson, type HashableEvent } from "../event-chain";

/** A 32-byte SHA-256 node or leaf hash. */
export type Hash = Buffer;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/**
 * RFC 6962 2.1: the prefixes keep a leaf from ever hashing like a node, so no one can present an
 * inner node as a leaf (a second-preimage attack). One-shot hashes of the joined bytes: a verifier
 * computes a million leaves and as many nodes, and a Hash object each cost more than the hashing.
 */
export function leafHash(data: Uint8Array): Hash {
  return hash("sha256", Buffer.concat([LEAF_PREFIX, data]), "buffer");
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return hash("sha256", Buffer.concat([NODE_PREFIX, left, right]), "buffer");
}

/** The root of the tree with no leaves: SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = createHash("sha256").digest();

/** An event's leaf is its canonical JSON, the same bytes the chain's eventHash covers. */
export function eventLeafHash(event: HashableEvent): Hash {
  return leafHash(Buffer.from(hashedEventJson(event), "utf8"));
}

/** The leaves [lo, hi) of a subtree that RFC 6962's recursive splits reach (lo is a multiple of a power of two ≥ hi − lo). */
export type SubtreeRange = { lo: number; hi: number };

/** Largest power of two strictly below n (n ≥ 2): where RFC 6962 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[lo:hi]) over leaf hashes, RFC 6962 2.1. O(hi − lo). */
export function subtreeRoot(leaves: readonly Hash[], lo: number, hi: number): Hash {
  if (hi - lo === 0) return EMPTY_ROOT;
  if (hi - lo === 1) return leaves[lo] as Hash;
  const k = splitPoint(hi - lo);
  return nodeHash(subtreeRoot(leaves, lo, lo + k), subtreeRoot(leaves, lo + k, hi));
}

/** The root of the tree of the first `size` leaves. */
export function treeRoot(leaves: readonly Hash[], size = leaves.length): Hash {
  if (size > leaves.length) throw new RangeError(`tree size ${size} exceeds the ${leaves.length} leaves given`);
  return subtreeRoot(leaves, 0, size);
}
