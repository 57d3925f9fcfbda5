import type { HashableEvent } from "../event-chain";

/** The evidence pack layout, version 1. Everything a verifier needs is inside the ZIP. */
export const PACK_FORMAT = "countersign-evidence-pack/1";

export const PACK_FILES = {
  manifest: "manifest.json",
  manifestSignature: "manifest.jws",
  keys: "jwks.json",
  events: "events.ndjson",
  requests: "requests.csv",
  decisions: "decisions.csv",
  readme: "README.txt",
} as const;

/** One line of events.ndjson: the event as hashed, and its link in the chain. */
export type PackedEvent = { seq: number; prevHash: string; eventHash: string; chainHash: string; event: HashableEvent };

export type PackManifest = {
  format: typeof PACK_FORMAT;
  generatedAt: string;
  generatedBy: string;
  issuer: string;
  period: { from: string; to: string };
  chain: { firstSeq: number | null; lastSeq: number | null; startHash: string | null; headHash: string | null; events: number };
  /** Every file in the pack but the manifest and its signature, with its SHA-256. */
  files: { path: string; sha256: string; bytes: number }[];
};
