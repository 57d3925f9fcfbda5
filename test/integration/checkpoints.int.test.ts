import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { exportJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asc, count, eq, sql } from "drizzle-orm";
import type { Database, Transaction } from "../../db/client";
import { oneRow } from "../../db/one-row";
import { eventChain, events, logCheckpoints } from "../../db/schema";
import { chainHash, eventHash, GENESIS_HASH } from "../../lib/domain/event-chain";
import { openCheckpoint, type NoteSigner } from "../../lib/domain/merkle/checkpoint";
import { appendLeaves, EMPTY_RANGE, rangeRoot } from "../../lib/domain/merkle/compact-range";
import { consistencyProof, verifyConsistency } from "../../lib/domain/merkle/consistency-proof";
import { eventLeafHash, treeRoot } from "../../lib/domain/merkle/tree-hash";
import { auditLogAgainstSink } from "../../lib/services/audit-log-against-sink";
import { lastSinkCheckpoint, readSinkLeaves } from "../../lib/services/checkpoint-sink";
import { toHashableEvent } from "../../lib/services/hashable-event";
import { CheckpointConflictError, publishCheckpoint } from "../../lib/services/publish-checkpoint";
import { recomputeLeaves } from "../../lib/services/read-log-leaves";
import { sealEvents } from "../../lib/services/seal-events";
import { verifyEventChain } from "../../lib/services/verify-event-chain";
import { carol, seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { ownerDatabase, sealerDatabase, useTestDatabase } from "./test-database";

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

const APPEND_ONLY = ["events_append_only", "event_chain_append_only", "log_leaves_append_only", "log_nodes_append_only", "log_tree_heads_append_only"];
const TABLE_OF = (trigger: string) => trigger.replace(/_append_only$/, "");

/**
 * What a database superuser can do: with the append-only triggers off in one transaction, change the
 * events (`tamper`), then recompute the whole chain and tree over them, so that both verify on their
 * own. `order` decides which event goes at which seq.
 */
async function rewriteLog(tamper: (tx: Transaction) => Promise<unknown>, order: (ids: number[]) => number[] = (ids) => ids) {
  await ownerDatabase().transaction(async (tx) => {
    for (const trigger of APPEND_ONLY) await tx.execute(sql.raw(`alter table ${TABLE_OF(trigger)} disable trigger ${trigger}`));
    await tamper(tx);
    const chained = await tx.select({ eventId: eventChain.eventId }).from(eventChain).orderBy(asc(eventChain.seq));
    const ids = order(chained.map((row) => row.eventId));
    await tx.execute(sql`delete from log_leaves`);
    await tx.execute(sql`delete from log_nodes`);
    await tx.execute(sql`delete from log_tree_heads`);
    await tx.execute(sql`delete from event_chain`);
    let prev = GENESIS_HASH;
    const leaves = [];
    for (const [i, id] of ids.entries()) {
      const event = oneRow(await tx.select().from(events).where(eq(events.id, id)));
      const hash = eventHash(toHashableEvent(event));
      await tx.insert(eventChain).values({ seq: i + 1, eventId: id, eventHash: hash, prevHash: prev, chainHash: chainHash(prev, hash) });
      prev = chainHash(prev, hash);
      const leaf = eventLeafHash(toHashableEvent(event));
      leaves.push(leaf);
      await tx.execute(sql`insert into log_leaves (seq, leaf_hash) values (${i + 1}, ${leaf.toString("hex")})`);
    }
    await tx.execute(sql`select countersign_build_log_nodes()`);
    const range = appendLeaves(EMPTY_RANGE, leaves);
    await tx.execute(sql`update log_tree_state set size = ${range.size}, frontier = ${sql.raw(`'{${range.hashes.map((h) => h.toString("hex")).join(",")}}'`)}`);
    await tx.execute(sql`insert into log_tree_heads (size, root_hash) values (${range.size}, ${rangeRoot(range).toString("hex")})`);
    for (const trigger of APPEND_ONLY) await tx.execute(sql.raw(`alter table ${TABLE_OF(trigger)} enable always trigger ${trigger}`));
  });
}

const chainSize = async () => oneRow(await app.select({ n: count() }).from(eventChain)).n;

describe("signed checkpoints", () => {
  it("publishes the tree's head as a signed note with its leaves, once per new size, each consistent with the last", async () => {
    const sink = newSink();
    await grow(3);
    const first = await publishCheckpoint(sealerDatabase(), signer, sink);
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
    const second = await publishCheckpoint(sealerDatabase(), signer, sink);
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
    expect(await publishCheckpoint(sealerDatabase(), signer, sink)).toBe(await chainSize());
    expect(await verifyEventChain(app, carol)).toMatchObject({ ok: true });
    await rewriteLog(tamper, order);
    await grow(1);
    return {
      // The worker's start check, the console's chain status, and the next publication.
      start: await auditLogAgainstSink(sealerDatabase(), signer, sink),
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
