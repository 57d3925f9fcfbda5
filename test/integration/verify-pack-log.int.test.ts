import { generateKeyPairSync } from "node:crypto";
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { exportJWK } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { count, eq, sql } from "drizzle-orm";
import type { Database, Transaction } from "../../db/client";
import { appendEvents } from "../../db/event-store";
import { oneRow } from "../../db/one-row";
import { eventChain, eventSealQueue, events } from "../../db/schema";
import type { NoteSigner } from "../../lib/domain/merkle/checkpoint";
import { checkpointVerifiers, verifyEvidencePack, type PackVerification } from "../../lib/domain/evidence-pack/verify-pack";
import { verifyLink, verifySampleProofs } from "../../lib/domain/evidence-pack/verify-log";
import { createLeavesReader } from "../../lib/domain/evidence-pack/leaf-store";
import type { PackCheckpoints, PackLink, PackManifest, SampleProofs } from "../../lib/domain/evidence-pack/format";
import { strFromU8, unzipSync } from "fflate";
import type { JWK } from "jose";
import { listAuditEvents } from "../../lib/services/list-audit-events";
import { publishCheckpoint } from "../../lib/services/publish-checkpoint";
import { readTrustedCheckpoint } from "../../lib/services/read-trusted-checkpoint";
import { sealEvents } from "../../lib/services/seal-events";
import { carol, seedAgent, submitSample, type SeededAgent, exportPackBytes } from "./fixtures";
import { rewriteLog, withTriggersOff } from "./rewrite-log";
import { runCli } from "./run-cli";
import { ownerDatabase, sealerDatabase, useTestDatabase } from "./test-database";

vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

const ORIGIN = "countersign.test/log";
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const signer: NoteSigner = { name: ORIGIN, privateKey, publicKey };
const scratch = () => mkdtempSync(path.join(os.tmpdir(), "countersign-verify-"));

let app: Database;
let agent: SeededAgent;

beforeAll(async () => {
  // The console's configuration: the checkpoint key's public half, so packs carry it in jwks.json. No
  // skew allowed: every event here is stamped on this machine's clock, and an event that merely waited
  // in the queue must still not be flagged as backdated.
  vi.stubEnv("LOG_BACKDATE_SKEW_SECONDS", "0");
  vi.stubEnv("CHECKPOINT_PUBLIC_KEY", JSON.stringify(await exportJWK(publicKey)));
  vi.stubEnv("CHECKPOINT_ORIGIN", ORIGIN);
  app = await useTestDatabase();
  agent = await seedAgent(app);
});

const sealAll = async () => {
  while ((await sealEvents(sealerDatabase())) > 0);
};
const chainSize = async () => oneRow(await app.select({ n: count() }).from(eventChain)).n;
/** The seq the next event written will get, once what is queued now is sealed. */
const nextSeq = async () => {
  await sealAll();
  return (await chainSize()) + 1;
};

async function grow(n: number) {
  for (let i = 0; i < n; i++) await submitSample(app, agent);
  await sealAll();
}

/** A pack of the events since `from`: each test packs its own, leaving out what earlier tests broke. */
async function exportPack(from: Date): Promise<Uint8Array> {
  await sealAll();
  return (await exportPackBytes(app, carol, { from, to: new Date(Date.now() + 60_000) }, { sealWaitMs: 0 }));
}

/**
 * The auditor's side of a rewrite: a checkpoint published to a sink of its own, a pack that verifies
 * against it, the superuser's `tamper`, then a fresh pack, verified against the kept sink.
 */
async function tamperedPackAgainstSink(tamper: () => Promise<unknown>) {
  const sink = scratch();
  const from = new Date();
  await grow(4);
  expect((await publishCheckpoint(sealerDatabase(), signer, sink))?.size).toBe(await chainSize());
  const before = await exportPack(from);
  const baseline = await verifyEvidencePack(before, { trustedCheckpoint: await readTrustedCheckpoint(sink) });
  expect(baseline.checks.filter((c) => !c.ok)).toEqual([]);
  await tamper();
  await grow(1);
  const after = await exportPack(from);
  return { sink, before, after, report: await verifyEvidencePack(after, { trustedCheckpoint: await readTrustedCheckpoint(sink) }) };
}

const failed = (report: PackVerification) => report.checks.filter((c) => !c.ok).map((c) => c.name);

/** After each test, as the superuser: the checkpoints recorded in the database go, so each test starts from a log that verifies. */
afterEach(async () => {
  await ownerDatabase().transaction(async (tx) => {
    await tx.execute(sql`alter table log_checkpoints disable trigger log_checkpoints_append_only`);
    await tx.execute(sql`delete from log_checkpoints`);
    await tx.execute(sql`alter table log_checkpoints enable always trigger log_checkpoints_append_only`);
  });
});

const linkAt = async (tx: Transaction, seq: number) => oneRow(await tx.select().from(eventChain).where(eq(eventChain.seq, seq)));

describe("verify against a kept checkpoint, after the database superuser tampered with the log", () => {
  it("names the first of the deleted last events", async () => {
    let firstDeleted = 0;
    const { report } = await tamperedPackAgainstSink(() =>
      rewriteLog(async (tx) => {
        firstDeleted = oneRow(await tx.select({ n: count() }).from(eventChain)).n - 1;
        const doomed = await tx.select().from(eventChain).where(sql`${eventChain.seq} >= ${firstDeleted}`);
        await tx.execute(sql`delete from log_leaves where seq >= ${firstDeleted}`);
        await tx.execute(sql`delete from event_chain where seq >= ${firstDeleted}`);
        for (const link of doomed) await tx.execute(sql`delete from events where id = ${link.eventId}`);
      }),
    );
    // One event was added after the rewrite, so the first deleted seq now holds another event.
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === "trusted checkpoint")).toMatchObject({ ok: false, seq: firstDeleted });
    expect(report.firstBadSeq).toBe(firstDeleted);
  });

  it("names an event inserted in the middle, chain and tree recomputed", async () => {
    const target = (await nextSeq()) + 1;
    let forgedId = 0;
    const { report } = await tamperedPackAgainstSink(() =>
      rewriteLog(
        async (tx) => {
          const [forged] = await tx.insert(events).values({ type: "decision.approved", streamType: "request", streamId: "forged", actor: { kind: "system", id: "mallory", auth: "none" }, data: {}, correlationId: "forged", occurredAt: new Date() }).returning();
          forgedId = forged!.id;
          await tx.delete(eventSealQueue).where(eq(eventSealQueue.eventId, forgedId));
        },
        (ids) => [...ids.slice(0, target - 1), forgedId, ...ids.slice(target - 1)],
      ),
    );
    expect(report.ok).toBe(false);
    // Every event after it moved up one seq: the last one the checkpoint covered now comes after it, claiming an earlier time.
    // The sampled cases' audit paths, read from the rewritten tree, no longer reach the signed root either.
    expect(failed(report)).toEqual(["checkpoint roots", "backdated events", "trusted checkpoint", "sample proofs"]);
    expect(report.firstBadSeq).toBe(target);
  });

  it("names the first of two reordered events, chain and tree recomputed, and the CLI exits 1 naming it", async () => {
    const first = await nextSeq();
    const { sink, after, report } = await tamperedPackAgainstSink(() =>
      rewriteLog(async () => {}, (ids) => {
        const swapped = [...ids];
        [swapped[first - 1], swapped[first]] = [swapped[first]!, swapped[first - 1]!];
        return swapped;
      }),
    );
    expect(report.ok).toBe(false);
    expect(report.firstBadSeq).toBe(first);

    const file = path.join(scratch(), "pack.zip");
    writeFileSync(file, after);
    const cli = await runCli(["verify", file, "--trusted-checkpoint", sink]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/FAIL {2}trusted checkpoint: .*seq \d+/);
    expect(cli.stdout).toContain(`first bad seq: ${first}.`);
  });

  it("names an updated event after the whole chain and tree were truncated and recomputed", async () => {
    const target = (await nextSeq()) + 2;
    const { report } = await tamperedPackAgainstSink(() =>
      rewriteLog(async (tx) => {
        const link = await linkAt(tx, target);
        await tx.execute(sql`update events set actor = ${JSON.stringify({ kind: "user", id: "mallory@example.com" })}::jsonb where id = ${link.eventId}`);
      }),
    );
    expect(report.ok).toBe(false);
    // The chain and tree verify on their own; only the signed checkpoints can tell.
    expect(failed(report)).toEqual(["checkpoint roots", "trusted checkpoint", "sample proofs"]);
    expect(report.checks.find((c) => c.name === "trusted checkpoint")).toMatchObject({ seq: target });
    expect(report.firstBadSeq).toBe(target);
  });

  // Last: the event it changes stays changed and unchained, which a later rewrite would expose first.
  it("names an updated event (chain not recomputed), against the sink, a previous pack and a bare note", async () => {
    const target = (await nextSeq()) + 1;
    const { sink, before, after, report } = await tamperedPackAgainstSink(() =>
      withTriggersOff(async (tx) => {
        const link = await linkAt(tx, target);
        await tx.execute(sql`update events set data = ${JSON.stringify({ forged: true })}::jsonb where id = ${link.eventId}`);
      }),
    );
    expect(report.ok).toBe(false);
    expect(report.firstBadSeq).toBe(target);
    expect(report.checks.find((c) => c.name === "trusted checkpoint")).toMatchObject({ ok: false, seq: target });

    // The pack saved before the rewrite, as the trusted checkpoint: its leaves name the seq as well.
    const saved = path.join(scratch(), "previous.zip");
    writeFileSync(saved, before);
    const againstPack = await verifyEvidencePack(after, { trustedCheckpoint: await readTrustedCheckpoint(saved) });
    expect(againstPack.checks.find((c) => c.name === "trusted checkpoint")).toMatchObject({ ok: false, seq: target });

    // A note on its own (no leaves beside it): the consistency proof fails, without a seq to name.
    const alone = path.join(scratch(), "kept.checkpoint");
    copyFileSync(path.join(sink, readdirSync(sink).find((name) => name.endsWith(".checkpoint"))!), alone);
    const againstNote = await verifyEvidencePack(after, { trustedCheckpoint: await readTrustedCheckpoint(alone) });
    expect(againstNote.checks.find((c) => c.name === "trusted checkpoint")).toMatchObject({ ok: false, detail: expect.stringMatching(/does not extend/) });
  });
});

describe("linked packs", () => {
  it("the next pack proves, from the stored nodes, that its log extends the checkpoint the previous pack ended on", async () => {
    const from = new Date();
    await grow(2);
    await publishCheckpoint(sealerDatabase(), signer, scratch());
    const previous = JSON.parse(strFromU8(unzipSync(await exportPack(from))["manifest.json"]!)) as PackManifest;
    expect(previous.endsOn?.size).toBe(await chainSize());
    await grow(2);
    await publishCheckpoint(sealerDatabase(), signer, scratch());
    const next = await exportPackBytes(app, carol, { from, to: new Date(Date.now() + 60_000) }, { sealWaitMs: 0, linkFrom: previous.endsOn!.size });
    const report = await verifyEvidencePack(next);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks.find((c) => c.name === "pack link")).toMatchObject({ ok: true, detail: expect.stringContaining(`size ${previous.endsOn!.size}`) });

    const files = unzipSync(next);
    const link = JSON.parse(strFromU8(files["link.json"]!)) as PackLink;
    expect(link.from.note).toBe(previous.endsOn!.note);
    const verifiers = checkpointVerifiers((JSON.parse(strFromU8(files["jwks.json"]!)) as { keys: JWK[] }).keys);
    const log = JSON.parse(strFromU8(files["checkpoints.json"]!)) as PackCheckpoints;
    // The sampled cases' events, each with its audit path in the tree of the checkpoint the pack ends on.
    expect(report.checks.find((c) => c.name === "sample proofs")).toMatchObject({ ok: true, detail: expect.stringMatching(/^[1-9]\d* case event\(s\) proven in the checkpoint of size /) });
    const proofs = JSON.parse(strFromU8(files["sample/proofs.json"]!)) as SampleProofs;
    const leaves = createLeavesReader();
    leaves.push(strFromU8(files["leaves.txt"]!));
    const first = proofs.proofs.findIndex((p) => p.auditPath?.length);
    const forged = { ...proofs, proofs: proofs.proofs.map((p, i) => (i === first ? { ...p, auditPath: [...p.auditPath!].reverse().map((h, j) => (j === 0 ? "0".repeat(64) : h)) } : p)) };
    const expected = proofs.proofs.map(({ requestId, seq }) => ({ requestId, seq }));
    expect(verifySampleProofs(proofs, expected, log, leaves.finish(), verifiers).ok).toBe(true);
    expect(verifySampleProofs(forged, expected, log, leaves.finish(), verifiers)).toMatchObject({ ok: false, detail: expect.stringContaining(`seq ${proofs.proofs[first]!.seq}`) });
    const bent = { ...link, consistencyPath: link.consistencyPath.map((h, i) => (i === 0 ? `${h.slice(0, 63)}${h.endsWith("0") ? "1" : "0"}` : h)) };
    expect(verifyLink(bent, log, verifiers)).toMatchObject({ ok: false, detail: expect.stringMatching(/does not hold/) });
  });
});

describe("verify against the sink as it moves on", () => {
  it("checks a pack against a newer checkpoint up to where the pack's log ends", async () => {
    const sink = scratch();
    const from = new Date();
    await grow(2);
    await publishCheckpoint(sealerDatabase(), signer, sink);
    const pack = await exportPack(from);
    await grow(2);
    await publishCheckpoint(sealerDatabase(), signer, sink);
    const report = await verifyEvidencePack(pack, { trustedCheckpoint: await readTrustedCheckpoint(sink) });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks.find((c) => c.name === "trusted checkpoint")?.detail).toMatch(/is the start of .* are for a later pack to show/);
  });
});

describe("backdated events", () => {
  it("are flagged by the sealer and by verify: an event the app's role wrote with a time before the last checkpoint", async () => {
    const sink = scratch();
    const from = new Date();
    await grow(2);
    await publishCheckpoint(sealerDatabase(), signer, sink);
    // What the app's own login can do: insert an event with any occurredAt it likes.
    await app.transaction((tx) =>
      appendEvents(tx, [{ type: "decision.approved", streamType: "request", streamId: "backdated", actor: { kind: "system", id: "mallory", auth: "none" }, data: {} }], { now: new Date(Date.now() - 3600_000) }),
    );
    await grow(1);
    const flagged = await app.select({ seq: eventChain.seq, type: events.type, backdated: eventChain.backdated }).from(eventChain).innerJoin(events, eq(events.id, eventChain.eventId)).where(eq(eventChain.backdated, true));
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({ type: "decision.approved" });
    // The audit log says so.
    const shown = await listAuditEvents(app, carol, { streamId: "backdated" });
    expect(shown.events.map((event) => [event.seq, event.backdated])).toEqual([[flagged[0]!.seq, true]]);
    expect((await listAuditEvents(app, carol, { type: "request.created" }, { limit: 3 })).events.every((event) => !event.backdated)).toBe(true);

    const report = await verifyEvidencePack(await exportPack(from));
    expect(failed(report)).toEqual(["backdated events"]);
    expect(report.firstBadSeq).toBe(flagged[0]!.seq);
  });

  it("are not events that merely waited in the queue: publishing seals what is queued before it signs", async () => {
    const sink = scratch();
    await grow(1);
    // Written now and still queued (the worker is behind) when the next checkpoint is signed.
    await app.transaction((tx) => appendEvents(tx, [{ type: "agent.created", streamType: "agent", streamId: "late", actor: { kind: "system", id: "cli", auth: "none" }, data: {} }], { now: new Date() }));
    const late = oneRow(await app.select({ id: events.id }).from(events).where(eq(events.streamId, "late")));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await publishCheckpoint(sealerDatabase(), signer, sink);
    await sealAll();
    const link = oneRow(await app.select().from(eventChain).where(eq(eventChain.eventId, late.id)));
    expect(link.backdated).toBe(false);
  });
});

