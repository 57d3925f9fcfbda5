import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, asc, desc, eq, gte, lt, lte, max, min } from "drizzle-orm";
import { strToU8, Zip } from "fflate";
import { CompactSign } from "jose";
import type { Database } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { oneRow } from "@/db/one-row";
import { agents, eventChain, events, logCheckpoints } from "@/db/schema";
import { getConfig } from "@/lib/config";
import type { UserActor } from "@/lib/domain/actor";
import { sha256Hex } from "@/lib/domain/canonical-json";
import { csvLine } from "@/lib/domain/csv";
import { AGENTS_HEADER, EVENT_POPULATIONS, populationPath } from "@/lib/domain/evidence-pack/controls/populations";
import { createPackDerivation, REPORT_PATH, type DerivedSummary } from "@/lib/domain/evidence-pack/controls/derive-pack-files";
import { RISK_STRATIFICATION } from "@/lib/domain/evidence-pack/controls/sample";
import { canonicalEvent, type HashableEvent } from "@/lib/domain/event-chain";
import { PACK_FILES, PACK_FORMAT, packedEventLine, packReadme, SAMPLE_METHOD, type PackLink, type SampleProofs, type PackCheckpoints, type PackedLink, type PackManifest, type PackPopulation } from "@/lib/domain/evidence-pack/format";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import { ServiceError } from "./errors";
import { NativeZipDeflate } from "./native-zip-deflate";
import { requireCapability } from "./require-capability";
import { inclusionRanges } from "@/lib/domain/merkle/inclusion-proof";
import { proveFromStoredNodes } from "./prove-from-stored-nodes";
import { proveConsistency } from "./read-log-proofs";
import { renderReportPdf } from "./render-report-pdf";
import { getPublicJwks, getSigningKey } from "./signing-keys";
import { waitUntilSealed } from "./wait-until-sealed";

/** A pack being written: its name, how many events it holds, and its bytes as they are produced. */
export type EvidencePackExport = { filename: string; events: number; stream: ReadableStream<Uint8Array> };

const DEFAULT_PERIOD_MS = 30 * 24 * 3600 * 1000;
/** Events and leaves read per cursor fetch: a batch is what the export holds in memory at once. */
const EVENT_BATCH = 2_000;
const LEAF_BATCH = 20_000;
/** zlib's default: the level fflate used, so packs are as small as before. */
const DEFLATE_LEVEL = 6;
/** Derived files' text is appended to their temporary files once this much has gathered. */
const FLUSH_BYTES = 256 * 1024;
const REPORT_PDF_PATH = "report.pdf";

/**
 * A signed, self-verifying evidence pack for [from, to), streamed: the sealed events as NDJSON with
 * their chain links, the transparency log's checkpoints and leaves, the populations and control tests
 * derived from those events (lib/domain/evidence-pack/controls, the same code `verify` re-performs),
 * and a manifest of SHA-256s signed with the grant key. Everything that can refuse (permission,
 * period, an unsealed log) is checked before the stream starts; the export is recorded as an event
 * before the stream's last bytes, so a pack that was not recorded never arrives whole.
 */
export async function exportEvidencePack(
  db: Database,
  actor: UserActor,
  period: { from?: Date; to?: Date } = {},
  {
    sealWaitMs = SEAL_WAIT_MS,
    sampleSeed,
    reportPdf = true,
    linkFrom,
    onProgress,
  }: {
    sealWaitMs?: number;
    sampleSeed?: string;
    reportPdf?: boolean;
    /** The size of the checkpoint the previous pack ended on. */
    linkFrom?: number;
    /** Told how many events are packed so far, after each batch (a background export's progress). */
    onProgress?: (eventsDone: number) => void;
  } = {},
): Promise<EvidencePackExport> {
  requireCapability(actor, "exportEvidence");
  const now = new Date();
  // By default the last 30 days, up to this moment (a minute's slack for clocks a little apart).
  const { from = new Date(now.getTime() - DEFAULT_PERIOD_MS), to = new Date(now.getTime() + 60_000) } = period;
  if (!(from < to)) throw new ServiceError("VALIDATION", "The period is empty.", [{ path: "from", message: "'from' must be before 'to'." }]);
  const range = await readSealedRange(db, from, to, sealWaitMs);
  const log = await readCheckpoints(db, range);
  const link = linkFrom === undefined ? null : await readLink(db, linkFrom, log);
  const agentRows = await db.select().from(agents).orderBy(asc(agents.createdAt), asc(agents.id));
  const eventCount = range ? range.lastSeq - range.firstSeq + 1 : 0;
  // Named by the first and last instant covered (the end is exclusive), in UTC like the pack itself.
  const stamp = (d: Date) => d.toISOString().slice(0, 16).replace(":", "");
  const filename = `countersign-evidence-${stamp(from)}Z_${stamp(new Date(to.getTime() - 1))}Z.zip`;
  // The auditor's seed when given, else one drawn here; the manifest records which.
  const sample = sampleSeed ? { seed: sampleSeed, seedSource: "given" as const } : { seed: randomBytes(16).toString("hex"), seedSource: "drawn" as const };
  const chunks = writePack({ db, actor, now, from, to, range, log, agentRows, sample, reportPdf, link, onProgress });
  return { filename, events: eventCount, stream: pullStream(chunks) };
}

/** A stream that asks for the next chunk only when its reader wants one, and stops the writer if the reader goes. */
function pullStream(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

type SeqRange = { firstSeq: number; lastSeq: number };
type AgentRow = typeof agents.$inferSelect;

/** The ZIP, entry by entry: what is written is hashed as it goes, and only a batch is held at once. */
async function* writePack(input: {
  db: Database;
  actor: UserActor;
  now: Date;
  from: Date;
  to: Date;
  range: SeqRange | null;
  log: PackCheckpoints;
  agentRows: AgentRow[];
  sample: { seed: string; seedSource: "given" | "drawn" };
  reportPdf: boolean;
  link: PackLink | null;
  onProgress?: (eventsDone: number) => void;
}) {
  const { db, actor, now, from, to, range, log, agentRows, sample } = input;
  const scratch = await mkdtemp(path.join(os.tmpdir(), "countersign-pack-"));
  try {
    // zlib delivers compressed bytes on its own schedule: they gather here until the stream is read.
    const out: Uint8Array[] = [];
    let failure: unknown = null;
    let finished = false;
    let wake: (() => void) | null = null;
    const zip = new Zip((error, chunk, final) => {
      if (error) failure = error;
      else out.push(chunk);
      if (final) finished = true;
      wake?.();
    });
    const drain = () => {
      if (failure) throw failure;
      return out.splice(0, out.length);
    };
    const files: PackManifest["files"] = [];
    const entry = (name: string) => {
      const file = new NativeZipDeflate(name, now, DEFLATE_LEVEL);
      zip.add(file);
      const hash = createHash("sha256");
      let bytes = 0;
      return {
        async push(data: Uint8Array) {
          hash.update(data);
          bytes += data.length;
          await file.push(data);
        },
        end() {
          file.end();
          files.push({ path: name, sha256: hash.digest("hex"), bytes });
        },
      };
    };
    const whole = async (name: string, text: string | Uint8Array) => {
      const file = entry(name);
      await file.push(typeof text === "string" ? Buffer.from(text, "utf8") : text);
      file.end();
    };

    await whole(PACK_FILES.readme, packReadme(from, to));
    await whole(PACK_FILES.checkpoints, JSON.stringify(log, null, 2));
    const leaves = entry(PACK_FILES.leaves);
    for await (const batch of readLeaves(db, log.treeSize)) {
      await leaves.push(Buffer.from(batch, "latin1"));
      yield* drain();
    }
    leaves.end();

    await whole(populationPath("agents"), csvLine(AGENTS_HEADER) + agentRows.map((a) => csvLine([a.id, a.name, a.ownerEmail, a.createdAt.toISOString(), a.revokedAt?.toISOString() ?? null])).join(""));

    // Derived files go to temporary files while the events stream, then into the ZIP one after another.
    const derived = new Map<string, string>();
    const order: string[] = [];
    const flush = async (force: boolean) => {
      for (const [name, text] of derived) {
        if (!force && text.length < FLUSH_BYTES) continue;
        await appendFile(path.join(scratch, encodeURIComponent(name)), text);
        derived.set(name, "");
      }
    };
    const derivation = createPackDerivation(new Map(agentRows.map((a) => [a.id, a.ownerEmail])), (name, text) => {
      if (!derived.has(name)) order.push(name);
      derived.set(name, (derived.get(name) ?? "") + text);
    }, { seed: sample.seed, period: { from: from.toISOString(), to: to.toISOString() }, issuer: getConfig().appUrl, stratification: RISK_STRATIFICATION, oscal: { format: PACK_FORMAT, generatedAt: now.toISOString() } });

    const eventsFile = entry(PACK_FILES.events);
    let first: PackedLink | null = null;
    let last: PackedLink | null = null;
    let packed = 0;
    for await (const batch of readEvents(db, range)) {
      let text = "";
      for (const { link, event } of batch) {
        first ??= link;
        last = link;
        // The line carries the event as its canonical JSON, the bytes its hashes are over; the
        // derivation gets the event as that JSON parses back, so it sees it exactly as verify will.
        const canonical = canonicalEvent(event);
        text += packedEventLine(link, canonical.json);
        derivation.feed(link.seq, canonical.event);
      }
      await eventsFile.push(Buffer.from(text, "utf8"));
      packed += batch.length;
      input.onProgress?.(packed);
      await flush(false);
      yield* drain();
    }
    eventsFile.end();
    const summary = derivation.finish(agentRows.length);
    await flush(true);

    for (const name of order) {
      const file = entry(name);
      // A Node stream closes its file itself, at the end or when the reader stops early.
      for await (const chunk of createReadStream(path.join(scratch, encodeURIComponent(name)))) {
        await file.push(chunk as Buffer);
        yield* drain();
      }
      file.end();
    }
    const pdf = input.reportPdf ? await renderReportPdf(await readFile(path.join(scratch, encodeURIComponent(REPORT_PATH)), "utf8")) : null;
    if (pdf) await whole(REPORT_PDF_PATH, pdf);
    await whole(PACK_FILES.sampleProofs, JSON.stringify(await proveCases(db, summary.sample.seqs, log.checkpoints.at(-1)?.size ?? null), null, 2));
    if (input.link) await whole(PACK_FILES.link, JSON.stringify(input.link, null, 2));
    await whole(PACK_FILES.keys, JSON.stringify(await getPublicJwks(), null, 2));

    const manifest: PackManifest = {
      format: PACK_FORMAT,
      generatedAt: now.toISOString(),
      generatedBy: actor.email,
      issuer: getConfig().appUrl,
      period: { from: from.toISOString(), to: to.toISOString() },
      chain: { firstSeq: first?.seq ?? null, lastSeq: last?.seq ?? null, startHash: first?.prevHash ?? null, headHash: last?.chainHash ?? null, events: range ? range.lastSeq - range.firstSeq + 1 : 0 },
      files,
      populations: populationsOf(summary, files, range),
      sample: { ...sample, method: SAMPLE_METHOD },
      reportPdf: pdf ? REPORT_PDF_PATH : null,
      endsOn: log.checkpoints.at(-1) ?? null,
    };
    const manifestBytes = strToU8(JSON.stringify(manifest, null, 2));
    const { kid, privateKey } = await getSigningKey();
    const signature = await new CompactSign(manifestBytes).setProtectedHeader({ alg: "EdDSA", kid, typ: "countersign-manifest+jws" }).sign(privateKey);
    await recordExport(db, actor, now, manifest, manifestBytes);
    for (const [name, bytes] of [[PACK_FILES.manifest, manifestBytes], [PACK_FILES.manifestSignature, strToU8(signature)]] as const) {
      const file = new NativeZipDeflate(name, now, DEFLATE_LEVEL);
      zip.add(file);
      await file.push(bytes);
      file.end();
    }
    zip.end();
    while (!finished) {
      await new Promise<void>((resolve) => (wake = resolve));
      yield* drain();
    }
    yield* drain();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Each population with what produced it: the SQL that read the events (or agents), its parameters, and the rule that made rows of them. */
function populationsOf(summary: DerivedSummary, files: PackManifest["files"], range: SeqRange | null): PackPopulation[] {
  const hashOf = (name: string) => files.find((f) => f.path === populationPath(name))?.sha256 ?? "";
  const eventsQuery = "select event_chain.seq, events.* from event_chain join events on events.id = event_chain.event_id where event_chain.seq between $1 and $2 order by event_chain.seq";
  const parameters = { $1: range?.firstSeq ?? null, $2: range?.lastSeq ?? null };
  return [
    { name: "agents", path: populationPath("agents"), rows: summary.populationRows.agents ?? 0, sha256: hashOf("agents"), query: "select id, name, owner_email, created_at, revoked_at from agents order by created_at, id", parameters: {}, derivation: "one row per agent as of the export" },
    ...EVENT_POPULATIONS.map((p) => ({
      name: p.name,
      path: populationPath(p.name),
      rows: summary.populationRows[p.name] ?? 0,
      sha256: hashOf(p.name),
      query: eventsQuery,
      parameters,
      derivation: `one row per event of type ${p.types.join(", ")}, in seq order`,
    })),
    { name: "exceptions", path: populationPath("exceptions"), rows: summary.populationRows.exceptions ?? 0, sha256: hashOf("exceptions"), query: eventsQuery, parameters, derivation: "the control tests' exceptions over the events above and the agents population, in the order found" },
  ];
}

async function recordExport(db: Database, actor: UserActor, now: Date, manifest: PackManifest, manifestBytes: Uint8Array) {
  await db.transaction(async (tx) => {
    await appendEvents(
      tx,
      [
        {
          type: "evidence.exported",
          streamType: "evidence",
          streamId: sha256Hex(manifestBytes),
          actor: toRecordedActor(actor),
          data: { period: manifest.period, events: manifest.chain.events, manifestSha256: sha256Hex(manifestBytes), headHash: manifest.chain.headHash },
        },
      ],
      { now },
    );
  });
}

/** sample/proofs.json: each case event's audit path in the tree of the pack's last checkpoint, from the stored nodes in one read. */
async function proveCases(db: Database, cases: readonly { requestId: string; seq: number }[], size: number | null): Promise<SampleProofs> {
  if (size === null) return { checkpoint: null, proofs: cases.map((c) => ({ ...c, auditPath: null })) };
  const covered = cases.filter((c) => c.seq <= size);
  const paths = await db.transaction((tx) => proveFromStoredNodes(tx, covered.map((c) => inclusionRanges(c.seq - 1, size))), { isolationLevel: "repeatable read", accessMode: "read only" });
  const bySeq = new Map(covered.map((c, i) => [c.seq, (paths[i] as Buffer[]).map((h) => h.toString("hex"))]));
  return { checkpoint: { size }, proofs: cases.map((c) => ({ ...c, auditPath: bySeq.get(c.seq) ?? null })) };
}

/**
 * link.json: a consistency proof (RFC 9162 2.1.4, from the stored nodes) from the checkpoint the
 * previous pack ended on to the one this pack ends on, so a run of packs is one log with nothing
 * rewritten between them. Refused when there is no such checkpoint or it is not before this pack's end.
 */
async function readLink(db: Database, fromSize: number, log: PackCheckpoints): Promise<PackLink> {
  const to = log.checkpoints.at(-1);
  const [from] = await db.select().from(logCheckpoints).where(eq(logCheckpoints.size, fromSize)).orderBy(desc(logCheckpoints.publishedAt)).limit(1);
  if (!from || !to || fromSize > to.size) {
    throw new ServiceError("VALIDATION", "There is no checkpoint of that size before this pack's end to link from.", [{ path: "linkFrom", message: "Give the size of the checkpoint the previous pack ended on (its manifest's endsOn.size)." }]);
  }
  const { consistencyPath } = await proveConsistency(db, fromSize, to.size);
  return { from: { size: from.size, note: from.note }, to: { size: to.size, note: to.note }, consistencyPath };
}

/** How long an export waits for the worker's sealer to chain what it is about to pack. */
const SEAL_WAIT_MS = 10_000;

/**
 * The seqs the pack holds: from the period's first sealed event to its last one among those that
 * existed when the export began (and every seq between, whatever time it claims). Only the sealer
 * writes the chain, so the export does not seal: it waits, bounded, for the sealer to pass the newest
 * event, and fails closed rather than pack a partial chain. Chain links never change once written,
 * so reading them batch by batch afterwards reads one consistent log.
 */
async function readSealedRange(db: Database, from: Date, to: Date, sealWaitMs: number): Promise<SeqRange | null> {
  const newest = oneRow(await db.select({ id: max(events.id) }).from(events)).id ?? 0;
  const waiting = await waitUntilSealed(db, newest, sealWaitMs);
  if (waiting > 0) {
    throw new ServiceError(
      "UNAVAILABLE",
      `The event log is not sealed up to this moment yet (${waiting} event(s) wait for the sealer), so the pack would be incomplete. Try again shortly; if this persists, the audit log's chain verification says whether the log is broken or the worker has stopped.`,
      undefined,
      { retryAfterSeconds: 30 },
    );
  }
  const range = await db
    .select({ firstSeq: min(eventChain.seq), lastSeq: max(eventChain.seq) })
    .from(eventChain)
    .innerJoin(events, eq(events.id, eventChain.eventId))
    .where(and(gte(events.occurredAt, from), lt(events.occurredAt, to), lte(events.id, newest)))
    .then(oneRow);
  return range.firstSeq === null || range.lastSeq === null ? null : { firstSeq: range.firstSeq, lastSeq: range.lastSeq };
}

type EventRow = {
  seq: string;
  prev_hash: string;
  event_hash: string;
  chain_hash: string;
  backdated: boolean;
  id: string;
  type: string;
  stream_type: string;
  stream_id: string;
  actor: unknown;
  data: unknown;
  correlation_id: string;
  /** As PostgreSQL writes it: drizzle's client leaves timestamps unparsed. */
  occurred_at: string;
};

/**
 * The chain's links and events over the range, in seq order, a batch at a time: one query, read
 * through a cursor (one index range scan, not a query per batch), rows as postgres.js gives them
 * (drizzle's row mapping cost more than the query at a million events).
 */
async function* readEvents(db: Database, range: SeqRange | null): AsyncGenerator<{ link: PackedLink; event: HashableEvent }[]> {
  if (!range) return;
  let expected = range.firstSeq;
  const cursor = db.$client<EventRow[]>`
    select c.seq, c.prev_hash, c.event_hash, c.chain_hash, c.backdated, e.id, e.type, e.stream_type, e.stream_id, e.actor, e.data, e.correlation_id, e.occurred_at
    from event_chain c join events e on e.id = c.event_id
    where c.seq between ${range.firstSeq} and ${range.lastSeq}
    order by c.seq`.cursor(EVENT_BATCH);
  for await (const rows of readAhead(cursor)) {
    yield rows.map((row) => {
      const seq = Number(row.seq);
      if (seq !== expected) throw new Error(`the chain has no link at seq ${expected}`);
      expected += 1;
      return {
        link: { seq, prevHash: row.prev_hash, eventHash: row.event_hash, chainHash: row.chain_hash, ...(row.backdated && { backdated: true as const }) },
        // The stored row in the form that is hashed, as drizzle's mapping and toHashableEvent give it.
        event: { id: Number(row.id), type: row.type, streamType: row.stream_type, streamId: row.stream_id, actor: row.actor, data: row.data, correlationId: row.correlation_id, occurredAt: new Date(row.occurred_at).toISOString() },
      };
    });
  }
  if (expected !== range.lastSeq + 1) throw new Error(`the chain has no link at seq ${expected}`);
}

/** leaves.txt's text, a batch at a time: the stored leaf hash of every seq from 1 to `treeSize`, through one cursor. */
async function* readLeaves(db: Database, treeSize: number): AsyncGenerator<string> {
  let expected = 1;
  const cursor = db.$client<{ seq: string; leaf_hash: string }[]>`select seq, leaf_hash from log_leaves where seq between 1 and ${treeSize} order by seq`.cursor(LEAF_BATCH);
  for await (const rows of readAhead(cursor)) {
    let text = "";
    for (const row of rows) {
      if (Number(row.seq) !== expected) throw new Error(`the log has no leaf at seq ${expected}`);
      expected += 1;
      text += `${row.leaf_hash}\n`;
    }
    yield text;
  }
  if (expected !== treeSize + 1) throw new Error(`the log has no leaf at seq ${expected}`);
}

/**
 * A cursor's batches, each asked for as soon as the one before arrives: PostgreSQL reads the next
 * batch while the export writes this one, on the machine's other core, instead of each waiting for
 * the other.
 */
async function* readAhead<T>(batches: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = batches[Symbol.asyncIterator]();
  // postgres.js answers a finished cursor's next() with a plain object, not a promise.
  let next = Promise.resolve(iterator.next());
  try {
    for (let result = await next; !result.done; result = await next) {
      next = Promise.resolve(iterator.next());
      yield result.value;
    }
  } finally {
    // A batch already asked for must arrive before the cursor closes, or its connection waits for a reader forever.
    await next.catch(() => undefined);
    await iterator.return?.();
  }
}

/**
 * The checkpoints that anchor the packed events: the last one published before the first event
 * (what later events are backdated against), every one after it up to the first that covers the last
 * event; leaves.txt then holds seq 1 up to the largest of them, so every root can be rebuilt and an
 * auditor checks any checkpoint kept from before, however old. A size signed again as a heartbeat
 * appears once, as its latest note: the latest time the log is known to have stood at that size is
 * the tightest bound on what came after it.
 */
async function readCheckpoints(db: Database, range: SeqRange | null): Promise<PackCheckpoints> {
  const { origin, backdateSkewSeconds } = getConfig().checkpoint;
  if (!range) return { origin, treeSize: 0, backdateSkewSeconds, checkpoints: [] };
  const { firstSeq: first, lastSeq: last } = range;
  const before = await db.select().from(logCheckpoints).where(lt(logCheckpoints.size, first)).orderBy(desc(logCheckpoints.size), desc(logCheckpoints.publishedAt)).limit(1);
  const cover = oneRow(await db.select({ size: min(logCheckpoints.size) }).from(logCheckpoints).where(gte(logCheckpoints.size, last))).size;
  const after = await db
    .selectDistinctOn([logCheckpoints.size])
    .from(logCheckpoints)
    .where(cover === null ? gte(logCheckpoints.size, first) : and(gte(logCheckpoints.size, first), lte(logCheckpoints.size, cover)))
    .orderBy(asc(logCheckpoints.size), desc(logCheckpoints.publishedAt));
  const checkpoints = [...before, ...after].map(({ size, note, publishedAt }) => ({ size, publishedAt: publishedAt.toISOString(), note }));
  return { origin, treeSize: Math.max(last, checkpoints.at(-1)?.size ?? 0), backdateSkewSeconds, checkpoints };
}
