import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { exportJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { count, eq, sql } from "drizzle-orm";
import type { Database, Transaction } from "../../db/client";
import { oneRow } from "../../db/one-row";
import { eventChain, logCheckpoints } from "../../db/schema";
import { openCheckpoint, type NoteSigner } from "../../lib/domain/merkle/checkpoint";
import { consistencyProof, verifyConsistency } from "../../lib/domain/merkle/consistency-proof";
import { treeRoot } from "../../lib/domain/merkle/tree-hash";
import { auditLogAgainstSink } from "../../lib/services/audit-log-against-sink";
import { lastSinkCheckpoint, readSinkLeaves } from "../../lib/services/checkpoint-sink";
import { CheckpointConflictError, publishCheckpoint } from "../../lib/services/publish-checkpoint";
import { recomputeLeaves } from "../../lib/services/read-log-leaves";
import { sealEvents } from "../../lib/services/seal-events";
import { verifyEventChain } from "../../lib/services/verify-event-chain";
import { carol, seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { rewriteLog } from "./rewrite-log";
import { sealerDatabase, useTestDatabase } from "./test-database";

vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

const ORIGIN = "countersign.test/log";
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const signer: NoteSigner = { name: ORIGIN, privateKey, publicKey };
const newSink = () => mkdtempSync(path.join(os.tmpdir(), "countersign-sink-"));

let app: Database;
let agent: SeededAgent;
/** The sink the console's verification reads (CHECKPOINT_DIR); each test below publishes to its own as well. */
const consoleSink = newSink();

beforeAll(async () => {
  // The console's configuration: the public key and the sink. Read once, at the first getConfig().
  vi.stubEnv("CHECKPOINT_PUBLIC_KEY", JSON.stringify(await exportJWK(publicKey)));
  vi.stubEnv("CHECKPOINT_ORIGIN", ORIGIN);
  vi.stubEnv("CHECKPOINT_DIR", consoleSink);
  app = await useTestDatabase();
  agent = await seedAgent(app);
});

const sealAll = async () => {
  while ((await sealEvents(sealerDatabase())) > 0);
};

async function grow(n: number) {
  for (let i = 0; i < n; i++) await submitSample(app, agent);
  await sealAll();
}

const chainSize = async () => oneRow(await app.select({ n: count() }).from(eventChain)).n;

describe("signed checkpoints", () => {
  it("publishes the tree's head as a signed note with its leaves, once per new size, each consistent with the last", async () => {
    const sink = newSink();
    await grow(3);
    const first = (await publishCheckpoint(sealerDatabase(), signer, sink))?.size;
    expect(first).toBe(await chainSize());
    const leaves = await app.transaction((tx) => recomputeLeaves(tx));
    const note = (await lastSinkCheckpoint(sink))!.note;
    expect(openCheckpoint(note, signer)).toEqual({ origin: ORIGIN, size: first, root: treeRoot(leaves) });
    expect(await readSinkLeaves(sink, first!)).toEqual(leaves);
    expect(oneRow(await app.select().from(logCheckpoints).where(eq(logCheckpoints.size, first!))).note).toBe(note);

    // Nothing new: nothing signed, no file added.
    const files = readdirSync(sink).length;
    expect(await publishCheckpoint(sealerDatabase(), signer, sink)).toBeNull();
    expect(readdirSync(sink)).toHaveLength(files);

    await grow(2);
    const second = (await publishCheckpoint(sealerDatabase(), signer, sink))?.size;
    const later = openCheckpoint((await lastSinkCheckpoint(sink))!.note, signer)!;
    expect(later.size).toBe(second);
    const all = await app.transaction((tx) => recomputeLeaves(tx));
    expect(verifyConsistency(first!, later.size, treeRoot(all, first!), later.root, consistencyProof(all, first!, later.size))).toBe(true);
    expect(await readSinkLeaves(sink, later.size)).toEqual(all);
  });

  it("refuses to publish over a last checkpoint signed by another key", async () => {
    const sink = newSink();
    await grow(1);
    const other = generateKeyPairSync("ed25519");
    await publishCheckpoint(sealerDatabase(), { name: ORIGIN, ...other }, sink);
    await grow(1);
    await expect(publishCheckpoint(sealerDatabase(), signer, sink)).rejects.toThrow(CheckpointConflictError);
  });
});

describe("a log rewritten by the database superuser, chain and tree recomputed", () => {
  /** Publishes a checkpoint of the log as it is, rewrites it, and returns what each check says. */
  async function publishThenRewrite(tamper: (tx: Transaction) => Promise<unknown>, order?: (ids: number[]) => number[]) {
    await grow(4);
    const sink = consoleSink;
    expect((await publishCheckpoint(sealerDatabase(), signer, sink))?.size).toBe(await chainSize());
    expect(await verifyEventChain(app, carol)).toMatchObject({ ok: true });
    await rewriteLog(tamper, order);
    await grow(1);
    return {
      // The worker's start check, the console's chain status, and the next publication.
      start: await auditLogAgainstSink(sealerDatabase(), [signer], sink),
      console: await verifyEventChain(app, carol),
      publish: await publishCheckpoint(sealerDatabase(), signer, sink).then(() => "published", (error: Error) => `${error.name}: ${error.message}`),
    };
  }

  it("names the updated event's seq", async () => {
    const target = (await chainSize()) + 2;
    const found = await publishThenRewrite(async (tx) => {
      const [link] = await tx.select().from(eventChain).where(eq(eventChain.seq, target));
      await tx.execute(sql`update events set data = ${JSON.stringify({ forged: true })}::jsonb where id = ${link!.eventId}`);
    });
    expect(found.start).toMatchObject({ ok: false, firstBadSeq: target, problem: expect.stringMatching(/changed, moved or replaced/) });
    expect(found.console).toMatchObject({ ok: false, brokenAt: target, problem: expect.stringMatching(/last published checkpoint/) });
    expect(found.publish).toMatch(new RegExp(`CheckpointConflictError: .*seq ${target}`));
    await resetConsoleSink();
  });

  it("names the first of the deleted last events", async () => {
    let firstDeleted = 0;
    const found = await publishThenRewrite(async (tx) => {
      const size = oneRow(await tx.select({ n: count() }).from(eventChain)).n;
      firstDeleted = size - 1;
      const doomed = await tx.select().from(eventChain).where(sql`${eventChain.seq} >= ${firstDeleted}`);
      await tx.execute(sql`delete from log_leaves where seq >= ${firstDeleted}`);
      await tx.execute(sql`delete from event_chain where seq >= ${firstDeleted}`);
      for (const link of doomed) await tx.execute(sql`delete from events where id = ${link.eventId}`);
    });
    // One event was added after the rewrite, so the deleted seq is now held by another event.
    expect(found.start).toMatchObject({ ok: false, firstBadSeq: firstDeleted });
    expect(found.console).toMatchObject({ ok: false, brokenAt: firstDeleted });
    expect(found.publish).toMatch(/CheckpointConflictError/);
    await resetConsoleSink();
  });

  it("names the first of two reordered events", async () => {
    const first = (await chainSize()) + 1;
    const found = await publishThenRewrite(async () => {}, (ids) => {
      const swapped = [...ids];
      [swapped[first - 1], swapped[first]] = [swapped[first]!, swapped[first - 1]!];
      return swapped;
    });
    expect(found.start).toMatchObject({ ok: false, firstBadSeq: first });
    expect(found.console).toMatchObject({ ok: false, brokenAt: first });
    expect(found.publish).toMatch(/CheckpointConflictError/);
  });
});

/** Each tampering test starts from a log that verifies: the console's sink is cleared and re-published. */
async function resetConsoleSink() {
  const { rm } = await import("node:fs/promises");
  for (const name of readdirSync(consoleSink)) await rm(path.join(consoleSink, name));
}
