import type { HashableEvent } from "../event-chain";

/**
 * The evidence pack layout, version 2: version 1 plus the transparency log's signed checkpoints and
 * leaves. Everything a verifier needs is inside the ZIP. Packs of version 1 still verify (without
 * the log's checks).
 */
export const PACK_FORMAT = "countersign-evidence-pack/2";
export const PACK_FORMAT_V1 = "countersign-evidence-pack/1";

export const PACK_FILES = {
  manifest: "manifest.json",
  manifestSignature: "manifest.jws",
  keys: "jwks.json",
  events: "events.ndjson",
  requests: "requests.csv",
  decisions: "decisions.csv",
  checkpoints: "checkpoints.json",
  leaves: "leaves.txt",
  readme: "README.txt",
} as const;

/**
 * One line of events.ndjson: the event as hashed, and its link in the chain; `backdated: true` when
 * the sealer flagged it (it claims a time before the last checkpoint published before it was sealed).
 */
export type PackedEvent = { seq: number; prevHash: string; eventHash: string; chainHash: string; backdated?: true; event: HashableEvent };

/** A checkpoint as published: the C2SP signed note, and when the worker published it (as it recorded it). */
export type PackedCheckpoint = { size: number; publishedAt: string; note: string };

/**
 * checkpoints.json. `checkpoints` (ascending size) are the last one published before the pack's
 * first event and every one after it up to the first that covers its last event; leaves.txt holds
 * the leaf hash of every seq from 1 to `treeSize` (the largest of them, or the last event's seq), so
 * every root can be rebuilt. An event claiming to have occurred more than `backdateSkewSeconds`
 * before the last checkpoint published before its seq is backdated.
 */
export type PackCheckpoints = { origin: string; treeSize: number; backdateSkewSeconds: number; checkpoints: PackedCheckpoint[] };

export type PackManifest = {
  format: typeof PACK_FORMAT | typeof PACK_FORMAT_V1;
  generatedAt: string;
  generatedBy: string;
  issuer: string;
  period: { from: string; to: string };
  chain: { firstSeq: number | null; lastSeq: number | null; startHash: string | null; headHash: string | null; events: number };
  /** Every file in the pack but the manifest and its signature, with its SHA-256. */
  files: { path: string; sha256: string; bytes: number }[];
};
