import type { HashableEvent } from "../event-chain";

/**
 * The evidence pack layout, format 5: the events with their chain links, the transparency log's
 * checkpoints and leaves (since format 2), and the populations, control tests, exceptions and control
 * matrix derived from the events (controls/, since format 3), which verify re-derives. Everything a
 * verifier needs is inside the ZIP. Format 4 writes each event in events.ndjson as its canonical JSON,
 * the very bytes its hashes are over (packedEventLine), so a verifier hashes what it reads instead of
 * serialising every event again. Format 5 stratifies the sample by the risk each request.created
 * records instead of its environment (sample.ts), and adds oscal/assessment-results.json. Packs of formats 1 to 4 still verify (without the
 * checks they carry no files for; before 4 their events are canonicalised again; 3 and 4 re-drawn by
 * environment).
 */
export const PACK_FORMAT = "countersign-evidence-pack/5";
export const PACK_FORMAT_V4 = "countersign-evidence-pack/4";
export const PACK_FORMAT_V3 = "countersign-evidence-pack/3";
export const PACK_FORMAT_V2 = "countersign-evidence-pack/2";
export const PACK_FORMAT_V1 = "countersign-evidence-pack/1";
export const PACK_FORMATS = [PACK_FORMAT, PACK_FORMAT_V4, PACK_FORMAT_V3, PACK_FORMAT_V2, PACK_FORMAT_V1] as const;

export const PACK_FILES = {
  manifest: "manifest.json",
  manifestSignature: "manifest.jws",
  keys: "jwks.json",
  events: "events.ndjson",
  checkpoints: "checkpoints.json",
  leaves: "leaves.txt",
  link: "link.json",
  sampleProofs: "sample/proofs.json",
  readme: "README.txt",
} as const;

/**
 * One line of events.ndjson: the event as hashed, and its link in the chain; `backdated: true` when
 * the sealer flagged it (it claims a time before the last checkpoint published before it was sealed).
 */
export type PackedEvent = { seq: number; prevHash: string; eventHash: string; chainHash: string; backdated?: true; event: HashableEvent };

/** A line's chain link, everything but its event. */
export type PackedLink = Omit<PackedEvent, "event">;

/**
 * A line of events.ndjson up to its event: `JSON.stringify` of the link, its closing brace replaced by
 * `,"event":`. Format 4 writes the event's canonical JSON after it, then `}`; verify checks a line
 * begins with the prefix its own fields give, so the rest of the line is the event and nothing else.
 */
export function packedEventPrefix({ seq, prevHash, eventHash, chainHash, backdated }: PackedLink): string {
  return `${JSON.stringify({ seq, prevHash, eventHash, chainHash, ...(backdated && { backdated }) }).slice(0, -1)},"event":`;
}

/** A format 4 line of events.ndjson, `\n` included: `eventJson` is the event's canonical JSON (hashedEventJson). */
export function packedEventLine(link: PackedLink, eventJson: string): string {
  return `${packedEventPrefix(link)}${eventJson}}\n`;
}

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

/**
 * A population in the manifest (format 3 and later): its file, row count (header excluded) and SHA-256, and
 * what produced it: the SQL with its parameters, and how rows follow from what it read.
 */
export type PackPopulation = { name: string; path: string; rows: number; sha256: string; query: string; parameters: Record<string, unknown>; derivation: string };

export type PackManifest = {
  format: (typeof PACK_FORMATS)[number];
  generatedAt: string;
  generatedBy: string;
  issuer: string;
  period: { from: string; to: string };
  chain: { firstSeq: number | null; lastSeq: number | null; startHash: string | null; headHash: string | null; events: number };
  /** Every file in the pack but the manifest and its signature, with its SHA-256. */
  files: { path: string; sha256: string; bytes: number }[];
  /** Format 3 and later. */
  populations?: PackPopulation[];
  /** Format 3 and later: the seed the sample was drawn with, whether the auditor gave it or the export drew it, and how. */
  sample?: { seed: string; seedSource: "given" | "drawn"; method: string };
  /** Format 3 and later: "report.pdf" when Chromium rendered report.html at export, null when it could not. */
  reportPdf?: string | null;
  /** Format 3 and later: the checkpoint the pack ends on (the last of checkpoints.json), for the next pack to link from; null before any. */
  endsOn?: PackedCheckpoint | null;
};

/**
 * sample/proofs.json (format 3 and later): for every event of every case file, its RFC 6962 audit path in the
 * tree of the checkpoint the pack ends on (hex); `checkpoint` null, and no proofs, when the pack ends
 * on none. Events sealed after that checkpoint have no proof yet (`auditPath` null).
 */
export type SampleProofs = { checkpoint: { size: number } | null; proofs: { requestId: string; seq: number; auditPath: string[] | null }[] };

/** link.json (format 3 and later, when the export was given the previous pack's checkpoint): hex consistency path from `from` to `to`. */
export type PackLink = { from: { size: number; note: string }; to: { size: number; note: string }; consistencyPath: string[] };

export const SAMPLE_METHOD =
  "requests created in the pack, stratified by UTC month of creation and the risk recorded at submission (unassessed when none was); in each stratum the sampleSize(N) requests with the smallest HMAC-SHA256(seed, request id), sizes per docs/evidence-pack.md's attribute-sampling table";

export function packReadme(from: Date, to: Date): string {
  return [
    "Countersign evidence pack",
    "",
    `Period: ${from.toISOString()} to ${to.toISOString()} (end exclusive).`,
    "",
    "report.html         the pack for a person (report.pdf: the same, printed, when Chromium was there to render it)",
    "control-matrix.csv  each mapped control (ISO/IEC 27001:2022 Annex A, SOC 2): what Countersign evidences, files, metric, result",
    "controls/ID/        one folder per control, its files prefixed by the control id (drop them into a GRC tool as they are)",
    "controls.json       the control tests re-performed over every event: population, exceptions; each control's result",
    "oscal/              assessment-results.json: the same results as a NIST OSCAL 1.1.2 assessment-results document, for GRC tools",
    "populations/*.csv   requests, policy evaluations, decisions, grants, executions, policy versions, agents, agent keys,",
    "                    sign-ins with role snapshots, break-glass, exceptions: each derived from events.ndjson (agents: the",
    "                    agents table); the manifest lists each one's query, parameters, row count and SHA-256",
    "sample/             the sample: strata.csv, sample.csv and one case file per sampled request (cases/ID.json), drawn",
    "                    from the seed in the manifest; verify draws it again",
    "events.ndjson       every sealed event of the period, one JSON object per line, with its hash-chain link",
    "checkpoints.json    the transparency log's signed checkpoints (C2SP signed notes) around the events",
    "leaves.txt          the log's leaf hashes from seq 1, one a line, to rebuild every checkpoint's root",
    "jwks.json           the deployment's public Ed25519 keys: grant and pack keys, current and retired, and checkpoint keys",
    "manifest.json       the SHA-256 of every file above, the chain's first and last link, and the populations",
    "manifest.jws        an EdDSA (Ed25519) JWS whose payload is manifest.json, byte for byte",
    "",
    "Verify offline, with no database (re-performs every control test):",
    "  npm run cli -- verify this-file.zip [--trusted-checkpoint FILE]",
    "Compare the key id it prints with the deployment's /.well-known/jwks.json. Format: docs/evidence-pack.md.",
    "",
  ].join("\n");
}
