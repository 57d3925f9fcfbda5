import { canonicalized, canonicalJson, sha256Hex } from "./canonical-json";

/** The chain's first link points at this. */
export const GENESIS_HASH = "0".repeat(64);

/** An event exactly as it is hashed: the stored columns, with the timestamp in ISO 8601 (UTC, ms). */
export type HashableEvent = {
  id: number;
  type: string;
  streamType: string;
  streamId: string;
  actor: unknown;
  data: unknown;
  correlationId: string;
  occurredAt: string;
};

/** The bytes both the chain and the Merkle tree commit to: the hashed fields only, in canonical JSON. */
export function hashedEventJson(event: HashableEvent): string {
  return canonicalJson(hashedFields(event));
}

/** hashedEventJson, and the event as that JSON parses back (keys in canonical order): what a reader of a format 4 pack's line sees. */
export function canonicalEvent(event: HashableEvent): { json: string; event: HashableEvent } {
  const { json, value } = canonicalized(hashedFields(event));
  return { json, event: value as HashableEvent };
}

const hashedFields = ({ id, type, streamType, streamId, actor, data, correlationId, occurredAt }: HashableEvent): HashableEvent => ({ id, type, streamType, streamId, actor, data, correlationId, occurredAt });

export function eventHash(event: HashableEvent): string {
  return sha256Hex(hashedEventJson(event));
}

/** Each link commits to everything before it: changing, removing or reordering any event breaks every later link. */
export function chainHash(prevHash: string, currentEventHash: string): string {
  return sha256Hex(`${prevHash}${currentEventHash}`);
}

export type ChainLink = { seq: number; eventHash: string; prevHash: string; chainHash: string };

export type ChainVerification =
  | { ok: true; checked: number; head: string }
  | { ok: false; checked: number; brokenAt: number; problem: string };

/** One link, with the hash of the event as it is now (null when the event is gone). */
export type LinkToVerify = ChainLink & { recomputedEventHash: string | null };

/**
 * Verifies links in seq order, starting from `startHash` (GENESIS_HASH for the whole log, or the
 * chain hash just before an excerpt). `recomputedEventHash` is the hash of the event as it is now;
 * a mismatch means the event's content changed after it was sealed, and null that it is gone.
 */
export function verifyChain(links: Iterable<LinkToVerify>, startSeq: number, startHash: string): ChainVerification {
  const chain = createChainVerifier(startSeq, startHash);
  for (const link of links) {
    const broken = chain.next(link);
    if (broken) return broken;
  }
  return chain.result();
}

/**
 * The same verification a link at a time, for a chain too long to hold (a streamed pack): `next`
 * returns the verdict at the first broken link, and nothing after it counts.
 */
export function createChainVerifier(startSeq: number, startHash: string) {
  let expectedSeq = startSeq;
  let prev = startHash;
  let checked = 0;
  let broken: ChainVerification | null = null;
  return {
    next(link: LinkToVerify): ChainVerification | null {
      if (broken) return broken;
      const fail = (problem: string): ChainVerification => (broken = { ok: false, checked, brokenAt: link.seq, problem });
      if (link.seq !== expectedSeq) return fail(`expected seq ${expectedSeq}, found ${link.seq} (a gap or reordering)`);
      if (link.prevHash !== prev) return fail("prevHash does not match the previous link");
      if (link.recomputedEventHash === null) return fail("the link seals an event that does not exist");
      if (link.recomputedEventHash !== link.eventHash) return fail("the event's content does not match its sealed hash");
      if (chainHash(link.prevHash, link.eventHash) !== link.chainHash) return fail("chainHash does not follow from prevHash and eventHash");
      prev = link.chainHash;
      expectedSeq += 1;
      checked += 1;
      return null;
    },
    result(): ChainVerification {
      return broken ?? { ok: true, checked, head: prev };
    },
  };
}
