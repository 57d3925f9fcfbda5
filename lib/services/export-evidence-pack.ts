import "server-only";
import { and, asc, between, desc, eq, gte, lt, lte, max, min } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import { CompactSign } from "jose";
import type { Database, Transaction } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { actionRequests, agents, decisions, eventChain, events, logCheckpoints } from "@/db/schema";
import { getConfig } from "@/lib/config";
import type { UserActor } from "@/lib/domain/actor";
import { sha256Hex } from "@/lib/domain/canonical-json";
import { toCsv } from "@/lib/domain/csv";
import { PACK_FILES, PACK_FORMAT, type PackCheckpoints, type PackedEvent, type PackManifest } from "@/lib/domain/evidence-pack/format";
import { ServiceError } from "./errors";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import { toHashableEvent } from "./hashable-event";
import { requireCapability } from "./require-capability";
import { readStoredLeaves } from "./read-log-leaves";
import { getPublicJwks, getSigningKey } from "./signing-keys";
import { waitUntilSealed } from "./wait-until-sealed";
import { oneRow } from "@/db/one-row";

export type EvidencePack = { filename: string; bytes: Uint8Array; events: number };

const DEFAULT_PERIOD_MS = 30 * 24 * 3600 * 1000;

/**
 * Builds a signed, self-verifying evidence pack for [from, to): the sealed events as NDJSON with their
 * chain links, requests and decisions as CSV, the transparency log's checkpoints around them with
 * every leaf up to there, and a manifest of SHA-256s signed with the grant key. The export itself is
 * recorded as an event.
 */
export async function exportEvidencePack(
  db: Database,
  actor: UserActor,
  period: { from?: Date; to?: Date } = {},
  { sealWaitMs = SEAL_WAIT_MS }: { sealWaitMs?: number } = {},
): Promise<EvidencePack> {
  requireCapability(actor, "exportEvidence");
  const now = new Date();
  // By default the last 30 days, up to this moment (a minute's slack for clocks a little apart).
  const { from = new Date(now.getTime() - DEFAULT_PERIOD_MS), to = new Date(now.getTime() + 60_000) } = period;
  if (!(from < to)) throw new ServiceError("VALIDATION", "The period is empty.", [{ path: "from", message: "'from' must be before 'to'." }]);
  const { packed, requestRows, decisionRows } = await readPeriod(db, from, to, sealWaitMs);
  const { log, leaves } = await readLog(db, packed);

  const content: Record<string, Uint8Array> = {
    [PACK_FILES.events]: strToU8(packed.map((p) => JSON.stringify(p)).join("\n") + (packed.length ? "\n" : "")),
    [PACK_FILES.requests]: strToU8(
      toCsv(
        ["id", "created_at", "status", "agent", "action", "resource", "environment", "summary", "on_behalf_of", "payload_digest", "policy_id", "policy_version", "required_approvals", "expires_at", "decided_at", "break_glass_follow_up"],
        requestRows.map(({ request: r, agentName }) => [
          r.id, r.createdAt.toISOString(), r.status, agentName, r.action, r.resource, r.environment, r.summary, r.onBehalfOf,
          r.payloadDigest, r.policyId, r.policyVersion, r.requiredApprovals, r.expiresAt.toISOString(), r.decidedAt?.toISOString() ?? null,
          // Empty unless someone broke the glass; then whether its follow-up review is open or closed.
          r.breakGlass?.followUp ?? null,
        ]),
      ),
    ),
    [PACK_FILES.decisions]: strToU8(
      toCsv(
        ["id", "request_id", "decided_at", "decider_kind", "decider", "outcome", "reason", "break_glass"],
        decisionRows.map((d) => [d.id, d.requestId, d.decidedAt.toISOString(), d.deciderKind, d.deciderId, d.outcome, d.reason, String(d.breakGlass)]),
      ),
    ),
    [PACK_FILES.checkpoints]: strToU8(JSON.stringify(log, null, 2)),
    [PACK_FILES.leaves]: strToU8(leaves.map((leaf) => `${leaf.toString("hex")}\n`).join("")),
    [PACK_FILES.keys]: strToU8(JSON.stringify(await getPublicJwks(), null, 2)),
    [PACK_FILES.readme]: strToU8(readme(from, to)),
  };
  const manifest: PackManifest = {
    format: PACK_FORMAT,
    generatedAt: now.toISOString(),
    generatedBy: actor.email,
    issuer: getConfig().appUrl,
    period: { from: from.toISOString(), to: to.toISOString() },
    chain: {
      firstSeq: packed[0]?.seq ?? null,
      lastSeq: packed.at(-1)?.seq ?? null,
      startHash: packed[0]?.prevHash ?? null,
      headHash: packed.at(-1)?.chainHash ?? null,
      events: packed.length,
    },
    files: Object.entries(content).map(([path, bytes]) => ({ path, sha256: sha256Hex(bytes), bytes: bytes.length })),
  };
  const manifestBytes = strToU8(JSON.stringify(manifest, null, 2));
  const { kid, privateKey } = await getSigningKey();
  const signature = await new CompactSign(manifestBytes).setProtectedHeader({ alg: "EdDSA", kid, typ: "countersign-manifest+jws" }).sign(privateKey);
  const bytes = zipSync({ ...content, [PACK_FILES.manifest]: manifestBytes, [PACK_FILES.manifestSignature]: strToU8(signature) }, { mtime: now });

  await db.transaction(async (tx) => {
    await appendEvents(
      tx,
      [
        {
          type: "evidence.exported",
          streamType: "evidence",
          streamId: sha256Hex(manifestBytes),
          actor: toRecordedActor(actor),
          data: { period: manifest.period, events: packed.length, manifestSha256: sha256Hex(manifestBytes), headHash: manifest.chain.headHash },
        },
      ],
      { now },
    );
  });
  // Named by the first and last instant covered (the end is exclusive), in UTC like the pack itself.
  const stamp = (d: Date) => d.toISOString().slice(0, 16).replace(":", "");
  return { filename: `countersign-evidence-${stamp(from)}Z_${stamp(new Date(to.getTime() - 1))}Z.zip`, bytes, events: packed.length };
}

/** How long an export waits for the worker's sealer to chain what it is about to pack. */
const SEAL_WAIT_MS = 10_000;

/**
 * The period's events, requests and decisions, such that every request and decision in the CSVs has
 * its events in the pack. Only the sealer writes the chain, so the export does not seal: it reads the
 * requests and decisions in one snapshot (they agree with each other), waits, bounded, for the sealer
 * to pass the newest event that snapshot saw, then reads the chain up to there. Chain links never
 * change once written, so reading them after the snapshot loses nothing. If the log is not sealed in
 * time (the worker is stopped, or the chain is broken), it fails closed rather than pack a partial
 * chain.
 */
async function readPeriod(db: Database, from: Date, to: Date, sealWaitMs: number) {
  const snapshot = await db.transaction(
    async (tx) => {
      const newest = oneRow(await tx.select({ id: max(events.id) }).from(events));
      return { newestEventId: newest.id ?? 0, ...(await readRequestsAndDecisions(tx, from, to)) };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  const waiting = await waitUntilSealed(db, snapshot.newestEventId, sealWaitMs);
  if (waiting > 0) {
    throw new ServiceError(
      "UNAVAILABLE",
      `The event log is not sealed up to this moment yet (${waiting} event(s) wait for the sealer), so the pack would be incomplete. Try again shortly; if this persists, the audit log's chain verification says whether the log is broken or the worker has stopped.`,
      undefined,
      { retryAfterSeconds: 30 },
    );
  }
  return { packed: await readChain(db, from, to, snapshot.newestEventId), ...snapshot };
}

/** The chain's links from the period's first sealed event to its last one up to `throughEventId`. */
async function readChain(db: Database, from: Date, to: Date, throughEventId: number): Promise<PackedEvent[]> {
  const range = await db
    .select({ firstSeq: min(eventChain.seq), lastSeq: max(eventChain.seq) })
    .from(eventChain)
    .innerJoin(events, eq(events.id, eventChain.eventId))
    .where(and(gte(events.occurredAt, from), lt(events.occurredAt, to), lte(events.id, throughEventId)))
    .then(oneRow);
  if (range.firstSeq === null || range.lastSeq === null) return [];
  const rows = await db
    .select({ link: eventChain, event: events })
    .from(eventChain)
    .innerJoin(events, eq(events.id, eventChain.eventId))
    .where(between(eventChain.seq, range.firstSeq, range.lastSeq))
    .orderBy(asc(eventChain.seq));
  return rows.map(({ link, event }) => ({
    seq: link.seq,
    prevHash: link.prevHash,
    eventHash: link.eventHash,
    chainHash: link.chainHash,
    ...(link.backdated && { backdated: true as const }),
    event: toHashableEvent(event),
  }));
}

/**
 * The checkpoints that anchor the packed events, and every leaf a verifier needs to rebuild their
 * roots: the last checkpoint published before the first event (what later events are backdated
 * against), every one after it up to the first that covers the last event, and the leaf hashes of
 * seq 1 up to the largest of them. Leaves are 32 bytes a seq, a fraction of an event's size; with
 * all of them an auditor checks any checkpoint kept from before, however old. A size signed again
 * as a heartbeat appears once, as its latest note: the latest time the log is known to have stood
 * at that size is the tightest bound on what came after it.
 */
async function readLog(db: Database, packed: readonly PackedEvent[]): Promise<{ log: PackCheckpoints; leaves: Buffer[] }> {
  const { origin, backdateSkewSeconds } = getConfig().checkpoint;
  const first = packed[0]?.seq;
  const last = packed.at(-1)?.seq;
  if (first === undefined || last === undefined) return { log: { origin, treeSize: 0, backdateSkewSeconds, checkpoints: [] }, leaves: [] };
  const before = await db.select().from(logCheckpoints).where(lt(logCheckpoints.size, first)).orderBy(desc(logCheckpoints.size), desc(logCheckpoints.publishedAt)).limit(1);
  const cover = oneRow(await db.select({ size: min(logCheckpoints.size) }).from(logCheckpoints).where(gte(logCheckpoints.size, last))).size;
  const after = await db
    .selectDistinctOn([logCheckpoints.size])
    .from(logCheckpoints)
    .where(cover === null ? gte(logCheckpoints.size, first) : between(logCheckpoints.size, first, cover))
    .orderBy(asc(logCheckpoints.size), desc(logCheckpoints.publishedAt));
  const checkpoints = [...before, ...after].map(({ size, note, publishedAt }) => ({ size, publishedAt: publishedAt.toISOString(), note }));
  const treeSize = Math.max(last, checkpoints.at(-1)?.size ?? 0);
  return { log: { origin, treeSize, backdateSkewSeconds, checkpoints }, leaves: await readStoredLeaves(db, treeSize) };
}

async function readRequestsAndDecisions(tx: Transaction, from: Date, to: Date) {
  const requestRows = await tx
    .select({ request: actionRequests, agentName: agents.name })
    .from(actionRequests)
    .innerJoin(agents, eq(agents.id, actionRequests.agentId))
    .where(and(gte(actionRequests.createdAt, from), lt(actionRequests.createdAt, to)))
    .orderBy(asc(actionRequests.createdAt));
  const decisionRows = await tx
    .select()
    .from(decisions)
    .where(and(gte(decisions.decidedAt, from), lt(decisions.decidedAt, to)))
    .orderBy(asc(decisions.decidedAt));
  return { requestRows, decisionRows };
}

function readme(from: Date, to: Date): string {
  return [
    "Countersign evidence pack",
    "",
    `Period: ${from.toISOString()} to ${to.toISOString()} (end exclusive).`,
    "",
    "events.ndjson   every sealed event of the period, one JSON object per line, with its hash-chain link",
    "requests.csv    action requests created in the period (as stored: masked; break_glass_follow_up: open or closed)",
    "decisions.csv   approvals and rejections made in the period (break_glass: true for one person approving alone)",
    "checkpoints.json the transparency log's signed checkpoints (C2SP signed notes) around the events",
    "leaves.txt      the log's leaf hashes from seq 1, one a line, to rebuild every checkpoint's root",
    "jwks.json       the deployment's public Ed25519 keys: grant and pack keys, current and retired, and checkpoint keys",
    "manifest.json   the SHA-256 of every file above, and the chain's first and last link",
    "manifest.jws    an EdDSA (Ed25519) JWS whose payload is manifest.json, byte for byte",
    "",
    "Verify offline, with no database:  npm run cli -- verify this-file.zip [--trusted-checkpoint FILE]",
    "Compare the key id it prints with the deployment's /.well-known/jwks.json.",
    "",
  ].join("\n");
}
