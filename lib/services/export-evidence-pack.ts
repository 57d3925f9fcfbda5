import "server-only";
import { and, asc, between, eq, gte, lt, max, min } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import { CompactSign } from "jose";
import type { Database, Transaction } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { oneRow } from "@/db/one-row";
import { actionRequests, agents, decisions, eventChain, events } from "@/db/schema";
import { getConfig } from "@/lib/config";
import type { UserActor } from "@/lib/domain/actor";
import { sha256Hex } from "@/lib/domain/canonical-json";
import { toCsv } from "@/lib/domain/csv";
import { PACK_FILES, PACK_FORMAT, type PackedEvent, type PackManifest } from "@/lib/domain/evidence-pack/format";
import { ServiceError } from "./errors";
import { toEventActor } from "./event-actor";
import { toHashableEvent } from "./hashable-event";
import { requireCapability } from "./require-capability";
import { sealQueued, trySealerLock, waitForSealer } from "./seal-events";
import { getPublicJwks, getSigningKey } from "./signing-keys";

export type EvidencePack = { filename: string; bytes: Uint8Array; events: number };

const DEFAULT_PERIOD_MS = 30 * 24 * 3600 * 1000;

/**
 * Builds a signed, self-verifying evidence pack for [from, to): the sealed events as NDJSON with their
 * chain links, requests and decisions as CSV, and a manifest of SHA-256s signed with the grant key.
 * The export itself is recorded as an event.
 */
export async function exportEvidencePack(db: Database, actor: UserActor, period: { from?: Date; to?: Date } = {}): Promise<EvidencePack> {
  requireCapability(actor, "exportEvidence");
  const now = new Date();
  // By default the last 30 days, up to this moment (a minute's slack for clocks a little apart).
  const { from = new Date(now.getTime() - DEFAULT_PERIOD_MS), to = new Date(now.getTime() + 60_000) } = period;
  if (!(from < to)) throw new ServiceError("VALIDATION", "The period is empty.", [{ path: "from", message: "'from' must be before 'to'." }]);
  const { packed, requestRows, decisionRows } = await readPeriod(db, from, to);

  const content: Record<string, Uint8Array> = {
    [PACK_FILES.events]: strToU8(packed.map((p) => JSON.stringify(p)).join("\n") + (packed.length ? "\n" : "")),
    [PACK_FILES.requests]: strToU8(
      toCsv(
        ["id", "created_at", "status", "agent", "action", "resource", "environment", "summary", "on_behalf_of", "payload_digest", "policy_id", "policy_version", "required_approvals", "expires_at", "decided_at"],
        requestRows.map(({ request: r, agentName }) => [
          r.id, r.createdAt.toISOString(), r.status, agentName, r.action, r.resource, r.environment, r.summary, r.onBehalfOf,
          r.payloadDigest, r.policyId, r.policyVersion, r.requiredApprovals, r.expiresAt.toISOString(), r.decidedAt?.toISOString() ?? null,
        ]),
      ),
    ),
    [PACK_FILES.decisions]: strToU8(
      toCsv(
        ["id", "request_id", "decided_at", "decider_kind", "decider", "outcome", "reason"],
        decisionRows.map((d) => [d.id, d.requestId, d.decidedAt.toISOString(), d.deciderKind, d.deciderId, d.outcome, d.reason]),
      ),
    ),
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
          actor: toEventActor(actor),
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

/** Attempts at a consistent snapshot before giving up (each is lost only to a sealer's race). */
const MAX_ATTEMPTS = 5;

/**
 * The period's events, requests and decisions, read in one snapshot so the files agree with each
 * other: a decision committed mid-export is in all of them or in none. Inside that snapshot the
 * export holds the sealer's lock and seals what the snapshot still has queued, so the chain covers
 * exactly what the requests and decisions show.
 *
 * The snapshot starts with the statement that takes the lock, so a sealer that committed in between
 * is invisible to it: sealing again would reuse its seq numbers, and PostgreSQL refuses that (a
 * unique violation, or a serialization failure on its queue rows). Such an attempt is simply tried
 * again, as is one that found the lock taken.
 */
async function readPeriod(db: Database, from: Date, to: Date) {
  for (let attempt = 1; ; attempt++) {
    try {
      const contents = await db.transaction(
        async (tx) => {
          if (!(await trySealerLock(tx))) return null;
          while ((await sealQueued(tx)) > 0);
          return readSnapshot(tx, from, to);
        },
        { isolationLevel: "repeatable read" },
      );
      if (contents) return contents;
      await waitForSealer(db);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !lostRaceToSealer(error)) throw error;
    }
  }
}

/** unique_violation or serialization_failure: what a snapshot that missed a sealer's commit runs into. */
const lostRaceToSealer = (error: unknown) => ["23505", "40001"].includes((error as { cause?: { code?: string } }).cause?.code ?? "");

async function readSnapshot(tx: Transaction, from: Date, to: Date) {
  const range = await tx
    .select({ firstSeq: min(eventChain.seq), lastSeq: max(eventChain.seq) })
    .from(eventChain)
    .innerJoin(events, eq(events.id, eventChain.eventId))
    .where(and(gte(events.occurredAt, from), lt(events.occurredAt, to)))
    .then(oneRow);
  const rows =
    range.firstSeq === null || range.lastSeq === null
      ? []
      : await tx
          .select({ link: eventChain, event: events })
          .from(eventChain)
          .innerJoin(events, eq(events.id, eventChain.eventId))
          .where(between(eventChain.seq, range.firstSeq, range.lastSeq))
          .orderBy(asc(eventChain.seq));
  const packed: PackedEvent[] = rows.map(({ link, event }) => ({
    seq: link.seq,
    prevHash: link.prevHash,
    eventHash: link.eventHash,
    chainHash: link.chainHash,
    event: toHashableEvent(event),
  }));
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
  return { packed, requestRows, decisionRows };
}

function readme(from: Date, to: Date): string {
  return [
    "Countersign evidence pack",
    "",
    `Period: ${from.toISOString()} to ${to.toISOString()} (end exclusive).`,
    "",
    "events.ndjson   every sealed event of the period, one JSON object per line, with its hash-chain link",
    "requests.csv    action requests created in the period (as stored: masked)",
    "decisions.csv   approvals and rejections made in the period",
    "jwks.json       the public Ed25519 key(s) of the issuing Countersign deployment",
    "manifest.json   the SHA-256 of every file above, and the chain's first and last link",
    "manifest.jws    an EdDSA (Ed25519) JWS whose payload is manifest.json, byte for byte",
    "",
    "Verify offline, with no database:  npm run cli -- verify this-file.zip",
    "Compare the key id it prints with the deployment's /.well-known/jwks.json.",
    "",
  ].join("\n");
}
