import { auditAgainstCheckpoint } from "../merkle/audit-against-checkpoint";
import { openCheckpointWithAny, type Checkpoint, type NoteVerifier } from "../merkle/checkpoint";
import { appendLeaves, EMPTY_RANGE, rangeRoot, type CompactRange } from "../merkle/compact-range";
import { consistencyProof, verifyConsistency } from "../merkle/consistency-proof";
import { verifyInclusion } from "../merkle/inclusion-proof";
import { treeRoot, type Hash } from "../merkle/tree-hash";
import type { PackCheckpoints, PackLink, SampleProofs } from "./format";
import type { LeafStore } from "./leaf-store";

/** A check's verdict; `seq` is the first seq it found wrong, when it can name one. */
export type LogCheck = { name: string; ok: boolean; detail: string; seq?: number };

/**
 * A checkpoint the auditor kept from outside this pack (the sink, a previous pack): its note, and
 * the leaf hashes up to its size when they came with it, which let a mismatch be named by seq.
 */
export type TrustedCheckpoint = { note: string; leaves: Hash[] | null; source: string };

export type LogEvidence = {
  /** leaves.txt, read; null when it is not a list of hex SHA-256 hashes. Each packed event's own leaf replaces its line as it is fed. */
  leaves: LeafStore | null;
  log: PackCheckpoints;
  /** The log's checkpoint keys: the pack's own, or those the auditor pinned. */
  verifiers: readonly NoteVerifier[];
  trusted?: TrustedCheckpoint;
};

/** What the log's checks read of a packed event; `leaf` is SHA-256(0x00 ‖ JCS(event)), computed once by the caller. */
export type LogEvent = { seq: number; backdated?: true; event: { type: string; occurredAt: string } };

/**
 * The transparency log's checks on a pack (format 2 and later), with nothing but its content, fed
 * one event at a time (a streamed pack's events are never all in memory): seq is dense, every event
 * rebuilds its leaf, every checkpoint is signed by a checkpoint key and its root is rebuilt from the
 * leaves, no event is backdated, and, given a checkpoint kept from outside, the pack's log extends it
 * (a consistency proof, or leaf by leaf when its leaves came with it). Each failure names the first
 * seq it can.
 */
export function createLogVerification({ leaves, log, verifiers, trusted }: LogEvidence) {
  let firstSeq: number | null = null;
  let lastSeq = 0;
  let count = 0;
  let gap: { expected: number; found: number } | null = null;
  let mismatch: number | null = null;
  let backdated: LogCheck | null = null;
  let before = -1;
  const skewMs = log.backdateSkewSeconds * 1000;

  function feed(packed: LogEvent, leaf: Hash) {
    firstSeq ??= packed.seq;
    if (!gap && packed.seq !== firstSeq + count) gap = { expected: firstSeq + count, found: packed.seq };
    count += 1;
    lastSeq = packed.seq;
    // The log as this pack shows it: leaves.txt, with each packed event's own leaf in its place.
    if (leaves && packed.seq >= 1 && packed.seq <= leaves.count) {
      if (mismatch === null && !leaf.equals(leaves.at(packed.seq - 1))) mismatch = packed.seq;
      leaves.set(packed.seq - 1, leaf);
    }
    if (!backdated) backdated = backdatedCheck(packed);
  }

  /** Flagged by the sealer, or found here: an event claiming a time before a checkpoint published before its seq. */
  function backdatedCheck(packed: LogEvent): LogCheck | null {
    while (before + 1 < log.checkpoints.length && (log.checkpoints[before + 1]?.size as number) < packed.seq) before += 1;
    const published = log.checkpoints[before]?.publishedAt;
    const late = published !== undefined && Date.parse(packed.event.occurredAt) < Date.parse(published) - skewMs;
    if (!packed.backdated && !late) return null;
    return {
      name: "backdated events",
      ok: false,
      detail: `the event at seq ${packed.seq} (${packed.event.type}) claims ${packed.event.occurredAt}, ${late ? `before the checkpoint published at ${published} that it came after` : "and the sealer flagged it as older than the last published checkpoint"} (more than ${log.backdateSkewSeconds} s): its writer chose its time`,
      seq: packed.seq,
    };
  }

  function finish(): LogCheck[] {
    const checks: LogCheck[] = [];
    const first = firstSeq ?? 1;
    const sizes = log.checkpoints.map((c) => c.size);
    const unordered = sizes.findIndex((size, i) => i > 0 && size <= (sizes[i - 1] as number));
    const dense = !gap && unordered < 0 && !!leaves && leaves.count === log.treeSize && log.treeSize >= lastSeq;
    checks.push({
      name: "seq dense",
      ok: dense,
      detail: dense
        ? `events hold seq ${first} to ${lastSeq} without a gap; leaves.txt holds seq 1 to ${log.treeSize}`
        : gap
          ? `events.ndjson skips or repeats a seq: seq ${gap.expected} expected, ${gap.found} found`
          : unordered >= 0
            ? `checkpoints.json is not in ascending size order at size ${sizes[unordered]}`
            : !leaves
              ? "leaves.txt is not one hex SHA-256 leaf hash a line"
              : `leaves.txt holds ${leaves.count} leaves where checkpoints.json says ${log.treeSize} (and the last event is seq ${lastSeq})`,
      ...(gap && { seq: (gap as { expected: number }).expected }),
    });
    if (!dense || !leaves) return checks;
    checks.push({
      name: "events rebuild leaves",
      ok: mismatch === null,
      detail: mismatch === null ? `${count} events re-hashed into their leaves (SHA-256(0x00 ‖ JCS(event)))` : `the event at seq ${mismatch} does not hash to its leaf in leaves.txt`,
      ...(mismatch !== null && { seq: mismatch }),
    });

    const opened = checkCheckpoints(checks, log, leaves, verifiers);
    const covered = opened.at(-1)?.size ?? 0;
    checks.push({
      name: "coverage",
      ok: true,
      detail:
        count === 0
          ? "the period holds no events"
          : covered >= lastSeq
            ? `every event is covered by the checkpoint of size ${covered}`
            : `seq ${Math.max(first, covered + 1)} to ${lastSeq} were sealed after the last checkpoint published before the export: the pack's signature covers them, no checkpoint yet`,
    });
    checks.push(backdated ?? { name: "backdated events", ok: true, detail: `no event claims a time more than ${log.backdateSkewSeconds} s before a checkpoint published before it` });
    if (trusted) checks.push(checkTrusted(trusted, opened, leaves.toArray(), verifiers));
    return checks;
  }

  return { feed, finish };
}

/** Signatures and roots of the pack's checkpoints; returns those that hold up, in order. */
function checkCheckpoints(checks: LogCheck[], log: PackCheckpoints, logLeaves: LeafStore, verifiers: readonly NoteVerifier[]): Checkpoint[] {
  const signed: Checkpoint[] = [];
  let unsigned: string | null = null;
  for (const packed of log.checkpoints) {
    const checkpoint = openCheckpointWithAny(packed.note, verifiers);
    if (!checkpoint || checkpoint.size !== packed.size || checkpoint.origin !== log.origin) {
      unsigned ??= `the checkpoint of size ${packed.size} is not signed by a checkpoint key of ${log.origin}`;
    } else signed.push(checkpoint);
  }
  checks.push({
    name: "checkpoint signatures",
    ok: unsigned === null,
    detail: unsigned ?? (signed.length ? `${signed.length} checkpoint(s) of ${log.origin}, sizes ${signed[0]?.size} to ${signed.at(-1)?.size}, signed by a checkpoint key` : "no checkpoint had been published up to these events"),
  });

  // Roots in one pass over the leaves: a compact range grown to each size in turn.
  let range: CompactRange = EMPTY_RANGE;
  let lastGood = 0;
  const rebuilt: Checkpoint[] = [];
  for (const checkpoint of signed) {
    range = appendLeaves(range, logLeaves.range(range.size, Math.min(checkpoint.size, logLeaves.count)));
    if (!rangeRoot(range).equals(checkpoint.root)) {
      checks.push({
        name: "checkpoint roots",
        ok: false,
        // A root alone cannot say which leaf differs: the trusted checkpoint's leaves can.
        detail: `the pack's log does not rebuild the signed root of size ${checkpoint.size}: an event between seq ${lastGood + 1} and ${checkpoint.size} is not the one that checkpoint covers`,
      });
      return rebuilt;
    }
    lastGood = checkpoint.size;
    rebuilt.push(checkpoint);
  }
  checks.push({ name: "checkpoint roots", ok: true, detail: rebuilt.length ? `the pack's leaves rebuild all ${rebuilt.length} signed root(s)` : "no root to rebuild" });
  return rebuilt;
}

/** The pack's log against a checkpoint kept outside it: the same leaves up to its size. */
function checkTrusted(trusted: TrustedCheckpoint, rebuilt: readonly Checkpoint[], logLeaves: readonly Hash[], verifiers: readonly NoteVerifier[]): LogCheck {
  const name = "trusted checkpoint";
  const checkpoint = openCheckpointWithAny(trusted.note, verifiers);
  if (!checkpoint) return { name, ok: false, detail: `${trusted.source} is not a checkpoint signed by a checkpoint key of this log` };
  const label = `${trusted.source} (size ${checkpoint.size})`;
  if (trusted.leaves) {
    // A checkpoint newer than the pack (the sink moves on after every export) is checked up to where
    // the pack's log ends: past it, the kept leaves stand in for the pack's, so only a difference counts.
    const ends = logLeaves.length < checkpoint.size;
    const audit = auditAgainstCheckpoint(checkpoint, trusted.leaves, ends ? [...logLeaves, ...trusted.leaves.slice(logLeaves.length)] : logLeaves);
    if (!audit.ok) return { name, ok: false, detail: `against ${label}: ${audit.problem}`, ...(audit.firstBadSeq !== null && { seq: audit.firstBadSeq }) };
    return {
      name,
      ok: true,
      detail: ends
        ? `the pack's log (seq 1 to ${logLeaves.length}) is the start of ${label}; seq ${logLeaves.length + 1} to ${checkpoint.size} are for a later pack to show`
        : `the pack's log holds exactly the ${checkpoint.size} leaves of ${label}`,
    };
  }
  if (logLeaves.length < checkpoint.size) {
    return { name, ok: false, detail: `${label} covers seq ${logLeaves.length + 1} to ${checkpoint.size}, beyond the pack's log, and came without its leaves: check it against a later pack, or use the sink's directory` };
  }
  // RFC 9162 2.1.4: a consistency proof from the kept checkpoint to the pack's newest signed one.
  const newest = rebuilt.at(-1);
  const consistent = newest && newest.size >= checkpoint.size
    ? verifyConsistency(checkpoint.size, newest.size, checkpoint.root, newest.root, consistencyProof(logLeaves, checkpoint.size, newest.size))
    : treeRoot(logLeaves, checkpoint.size).equals(checkpoint.root);
  return consistent
    ? { name, ok: true, detail: `the pack's log extends ${label}${newest && newest.size >= checkpoint.size ? ` (consistency proof to size ${newest.size})` : ""}` }
    : { name, ok: false, detail: `the pack's log does not extend ${label}: an event at or before seq ${checkpoint.size} was changed, moved or removed (give the checkpoint's leaves, as in the sink, to name it)` };
}

/**
 * link.json: the checkpoint the previous pack ended on and this pack's last one, both signed by a
 * checkpoint key, and an RFC 9162 consistency proof between them: nothing the previous pack covered
 * was rewritten before this one. The auditor compares `from` with the previous pack's `endsOn`.
 */
export function verifyLink(link: PackLink | null, log: PackCheckpoints, verifiers: readonly NoteVerifier[]): LogCheck {
  const name = "pack link";
  const fail = (detail: string): LogCheck => ({ name, ok: false, detail });
  if (!link || typeof link.from?.note !== "string" || typeof link.to?.note !== "string" || !Array.isArray(link.consistencyPath)) return fail("link.json is not a link between two checkpoints");
  const from = openCheckpointWithAny(link.from.note, verifiers);
  const to = openCheckpointWithAny(link.to.note, verifiers);
  if (!from || !to || from.size !== link.from.size || to.size !== link.to.size) return fail("a checkpoint in link.json is not signed by a checkpoint key of this log");
  if (log.checkpoints.at(-1)?.note !== link.to.note) return fail("link.json does not end on the checkpoint this pack ends on");
  if (!link.consistencyPath.every((h) => typeof h === "string" && /^[0-9a-f]{64}$/.test(h))) return fail("link.json's consistency path is not a list of hex SHA-256 hashes");
  const consistent = verifyConsistency(from.size, to.size, from.root, to.root, link.consistencyPath.map((h: string) => Buffer.from(h, "hex")));
  return consistent
    ? { name, ok: true, detail: `the log this pack ends on (size ${to.size}) extends the checkpoint of size ${from.size} the previous pack ended on (consistency proof)` }
    : fail(`the consistency proof from size ${from.size} to ${to.size} does not hold: the log was rewritten between the two packs, or link.json was altered`);
}

/**
 * sample/proofs.json: one audit path for every event of every case file, in the order the sample
 * lists them, each proving that event's leaf (as the pack's events rebuild it) is in the tree of the
 * checkpoint the pack ends on: a sampled item's own proof that it is in the log.
 */
export function verifySampleProofs(
  proofs: SampleProofs | null,
  expected: readonly { requestId: string; seq: number }[],
  log: PackCheckpoints,
  leaves: LeafStore | null,
  verifiers: readonly NoteVerifier[],
): LogCheck {
  const name = "sample proofs";
  // No seq is named: a path that does not verify says the tree differs, not which event.
  const fail = (detail: string): LogCheck => ({ name, ok: false, detail });
  const last = log.checkpoints.at(-1);
  const checkpoint = last ? openCheckpointWithAny(last.note, verifiers) : null;
  if (!proofs || !Array.isArray(proofs.proofs)) return fail("sample/proofs.json is not a list of proofs");
  if ((proofs.checkpoint?.size ?? null) !== (checkpoint?.size ?? null)) return fail("sample/proofs.json is not for the checkpoint the pack ends on");
  const listed = proofs.proofs.map((p) => `${p.requestId}@${p.seq}`).join(" ");
  if (listed !== expected.map((e) => `${e.requestId}@${e.seq}`).join(" ")) return fail("sample/proofs.json does not prove exactly the sampled cases' events");
  if (!leaves) return fail("leaves.txt is unreadable, so no proof can be checked");
  for (const proof of proofs.proofs) {
    if (!checkpoint || proof.seq > checkpoint.size) {
      if (proof.auditPath !== null) return fail(`the proof for seq ${proof.seq} claims a tree that does not cover it`);
      continue;
    }
    const path = Array.isArray(proof.auditPath) && proof.auditPath.every((h) => /^[0-9a-f]{64}$/.test(String(h))) ? proof.auditPath.map((h) => Buffer.from(h, "hex")) : null;
    if (!path || !verifyInclusion(proof.seq - 1, checkpoint.size, leaves.at(proof.seq - 1), path, checkpoint.root)) {
      return fail(`the audit path for seq ${proof.seq} (request ${proof.requestId}) does not prove its event in the checkpoint of size ${checkpoint.size}`);
    }
  }
  const proven = proofs.proofs.filter((p) => p.auditPath !== null).length;
  return { name, ok: true, detail: `${proven} case event(s) proven in the checkpoint of size ${checkpoint?.size ?? "–"}${proven < proofs.proofs.length ? `; ${proofs.proofs.length - proven} sealed after it, no proof yet` : ""}` };
}
