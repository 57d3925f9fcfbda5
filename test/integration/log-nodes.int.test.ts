import { generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { asc, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { appendEvents } from "../../db/event-store";
import { oneRow } from "../../db/one-row";
import { logNodes } from "../../db/schema";
import { openCheckpoint, type Checkpoint, type NoteSigner } from "../../lib/domain/merkle/checkpoint";
import { consistencyProof, consistencyRanges, verifyConsistency } from "../../lib/domain/merkle/consistency-proof";
import { inclusionProof, inclusionRanges, verifyInclusion } from "../../lib/domain/merkle/inclusion-proof";
import { createRng } from "../../lib/domain/masking/corpus/random";
import { nodesFor } from "../../lib/domain/merkle/stored-nodes";
import type { Hash } from "../../lib/domain/merkle/tree-hash";
import { proveFromStoredNodes } from "../../lib/services/prove-from-stored-nodes";
import { publishCheckpoint } from "../../lib/services/publish-checkpoint";
import { recomputeLeaves } from "../../lib/services/read-log-leaves";
import { proveConsistency, proveInclusion, readLatestCheckpoint } from "../../lib/services/read-log-proofs";
import { sealEvents } from "../../lib/services/seal-events";
import { databaseError } from "./database-error";
import { ownerDatabase, readerDatabase, sealerDatabase, useTestDatabase } from "./test-database";

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const signer: NoteSigner = { name: "countersign.test/log", privateKey, publicKey };
const sink = mkdtempSync(path.join(os.tmpdir(), "countersign-sink-"));

let app: Database;
/** The leaves recomputed from the events, the reference every stored-node proof is compared with. */
let leaves: Hash[];

/** `count` events, inserted as the app inserts them (its own login), then sealed in batches of `batchSize`. */
async function grow(count: number, batchSize: number) {
  await app.transaction((tx) =>
    appendEvents(
      tx,
      Array.from({ length: count }, (_, i) => ({ type: "agent.noted" as const, streamType: "agent" as const, streamId: randomUUID(), actor: { kind: "system" as const, id: "test", auth: "internal" }, data: { i } })),
      { now: new Date() },
    ),
  );
  while ((await sealEvents(sealerDatabase(), batchSize)) > 0);
}

async function signedCheckpoint(): Promise<Checkpoint> {
  await publishCheckpoint(sealerDatabase(), signer, sink);
  return openCheckpoint((await readLatestCheckpoint(app)).note, signer)!;
}

const hashes = (hex: string[]) => hex.map((h) => Buffer.from(h, "hex"));

beforeAll(async () => {
  app = await useTestDatabase();
  // Batches of 1, 3 and 7 and then large ones, so nodes complete across batch boundaries and within them.
  await grow(20, 1);
  await grow(30, 3);
  await grow(50, 7);
  await grow(900, 250);
  leaves = await app.transaction((tx) => recomputeLeaves(tx));
  expect(leaves.length).toBe(1000);
}, 60_000);

describe("proofs from the nodes the sealer stored", () => {
  it("equal the proofs computed from every leaf, for every tree size up to 64", async () => {
    const inclusion: { index: number; size: number }[] = [];
    const consistency: { from: number; to: number }[] = [];
    for (let size = 1; size <= 64; size++) {
      for (let index = 0; index < size; index++) inclusion.push({ index, size });
      for (let from = 0; from <= size; from++) consistency.push({ from, to: size });
    }
    const proofs = await proveFromStoredNodes(app, [
      ...inclusion.map(({ index, size }) => inclusionRanges(index, size)),
      ...consistency.map(({ from, to }) => consistencyRanges(from, to)),
    ]);
    const expected = [
      ...inclusion.map(({ index, size }) => inclusionProof(leaves, index, size)),
      ...consistency.map(({ from, to }) => consistencyProof(leaves, from, to)),
    ];
    // Compared as hex: quicker than Buffer by Buffer, and a difference names the hashes.
    const hex = (all: Hash[][]) => all.map((proof) => proof.map((h) => h.toString("hex")));
    expect(hex(proofs)).toEqual(hex(expected));
  });

  it("equal them for random larger sizes, through the verbs the routes call", async () => {
    const random = createRng(9162);
    for (let round = 0; round < 40; round++) {
      const size = random.int(65, leaves.length);
      const index = random.int(0, size - 1);
      const inclusion = await proveInclusion(app, (leaves[index] as Hash).toString("hex"), size);
      expect(inclusion).toEqual({ leafIndex: index, treeSize: size, auditPath: inclusionProof(leaves, index, size).map((h) => h.toString("hex")) });
      const from = random.int(0, size);
      const consistency = await proveConsistency(app, from, size);
      expect(consistency).toEqual({ from, to: size, consistencyPath: consistencyProof(leaves, from, size).map((h) => h.toString("hex")) });
    }
  });

  it("are what the migration's backfill builds from the leaves, node for node", async () => {
    const stored = await app.select().from(logNodes).orderBy(asc(logNodes.level), asc(logNodes.idx));
    // 1000 leaves: 500 + 250 + 125 + 62 + 31 + 15 + 7 + 3 + 1 complete nodes above them.
    expect(stored.length).toBe(994);
    await ownerDatabase().transaction(async (tx) => {
      await tx.execute(sql`alter table log_nodes disable trigger log_nodes_no_truncate`);
      await tx.execute(sql`truncate log_nodes`);
      await tx.execute(sql`alter table log_nodes enable always trigger log_nodes_no_truncate`);
      expect(oneRow(await tx.execute<{ built: string }>(sql`select countersign_build_log_nodes() as built`)).built).toBe("994");
    });
    expect(await app.select().from(logNodes).orderBy(asc(logNodes.level), asc(logNodes.idx))).toEqual(stored);
  });

  it("may be written by the sealer only, read by the app and auditors, and rewritten by nobody", async () => {
    expect(await databaseError(app.execute(sql`insert into log_nodes (level, idx, hash) values (40, 0, 'x')`))).toMatch(/permission denied/);
    expect(await databaseError(app.execute(sql`select countersign_build_log_nodes()`))).toMatch(/permission denied/);
    expect(await databaseError(readerDatabase().execute(sql`select count(*) from log_nodes`))).toBe("no error");
    expect(await databaseError(readerDatabase().execute(sql`insert into log_nodes (level, idx, hash) values (40, 0, 'x')`))).toMatch(/permission denied/);
    expect(await databaseError(sealerDatabase().execute(sql`update log_nodes set hash = 'x'`))).toMatch(/permission denied|append-only/);
    expect(await databaseError(ownerDatabase().execute(sql`delete from log_nodes`))).toMatch(/append-only/);
  });
});

describe("a stored node rewritten behind the sealer's back", () => {
  it("gives inclusion and consistency proofs that fail against the signed checkpoints", async () => {
    const before = await signedCheckpoint();
    expect(before.size).toBe(1000);
    await grow(24, 1000);
    const after = await signedCheckpoint();
    expect(after.size).toBe(1024);
    const index = 700;
    const leaf = leaves[index] as Hash;
    const inclusion = () => proveInclusion(app, leaf.toString("hex"), before.size);
    const consistency = () => proveConsistency(app, before.size, after.size);
    const honest = { inclusion: await inclusion(), consistency: await consistency() };
    expect(verifyInclusion(index, before.size, leaf, hashes(honest.inclusion.auditPath), before.root)).toBe(true);
    expect(verifyConsistency(before.size, after.size, before.root, after.root, hashes(honest.consistency.consistencyPath))).toBe(true);

    // As the owner, with the append-only trigger off: rewrite the level-7 node over leaves 768..895. Leaf
    // 700's path in the tree of 1000 folds it into the right edge's root; the proof from 1000 to 1024 holds it as is.
    await ownerDatabase().transaction(async (tx) => {
      await tx.execute(sql`alter table log_nodes disable trigger log_nodes_append_only`);
      await tx.execute(sql`update log_nodes set hash = ${"ab".repeat(32)} where level = 7 and idx = 6`);
      await tx.execute(sql`alter table log_nodes enable always trigger log_nodes_append_only`);
    });
    const forged = { inclusion: await inclusion(), consistency: await consistency() };
    expect(forged.inclusion.auditPath).not.toEqual(honest.inclusion.auditPath);
    expect(verifyInclusion(index, before.size, leaf, hashes(forged.inclusion.auditPath), before.root)).toBe(false);
    expect(forged.consistency.consistencyPath).not.toEqual(honest.consistency.consistencyPath);
    expect(verifyConsistency(before.size, after.size, before.root, after.root, hashes(forged.consistency.consistencyPath))).toBe(false);
  });

  it("is refused at the next publication when it is part of the last checkpoint's tree", async () => {
    // The tree of 1024 leaves, the last one published, is the single level-10 node: rewrite it.
    await ownerDatabase().transaction(async (tx) => {
      await tx.execute(sql`alter table log_nodes disable trigger log_nodes_append_only`);
      await tx.execute(sql`update log_nodes set hash = ${"ef".repeat(32)} where level = 10 and idx = 0`);
      await tx.execute(sql`alter table log_nodes enable always trigger log_nodes_append_only`);
    });
    await grow(1, 10);
    await expect(publishCheckpoint(sealerDatabase(), signer, sink)).rejects.toThrow(/does not extend the last published checkpoint: the stored nodes of the tree of size 1024 do not rebuild its signed root/);
    expect((await readLatestCheckpoint(app)).size).toBe(1024);
  });
});

describe("what a proof reads", () => {
  it("is its O(log n) nodes, not every leaf: it is served alike with every other leaf row gone", async () => {
    const all = await app.transaction((tx) => recomputeLeaves(tx));
    const [index, size] = [5, 1024];
    const expected = inclusionProof(all, index, size).map((h) => h.toString("hex"));
    // Level-0 nodes on the path (here leaf 4, the sibling) and the proven leaf itself, looked up by hash.
    const kept = [index, ...nodesFor([inclusionRanges(index, size)]).filter((node) => node.level === 0).map((node) => node.index)].map((i) => i + 1);
    expect(kept).toEqual([6, 5]);
    await ownerDatabase().transaction(async (tx) => {
      await tx.execute(sql`alter table log_leaves disable trigger log_leaves_append_only`);
      await tx.execute(sql`delete from log_leaves where not (seq = any(${`{${kept.join(",")}}`}::bigint[]))`);
      await tx.execute(sql`alter table log_leaves enable always trigger log_leaves_append_only`);
    });
    expect(await proveInclusion(app, (all[index] as Hash).toString("hex"), size)).toEqual({ leafIndex: index, treeSize: size, auditPath: expected });
  });
});

describe("a node stored ahead of the sealer", () => {
  it("stops sealing with a clear error instead of a bare unique violation", async () => {
    // Leaf 1025 (seq 1026) will complete the level-1 node 512 over leaves 1024 and 1025: someone wrote it first.
    await ownerDatabase().execute(sql`insert into log_nodes (level, idx, hash) values (1, 512, ${"cd".repeat(32)})`);
    await expect(grow(1, 10)).rejects.toThrow(/a leaf or node of the tree beyond size 1025 was taken while sealing, by a writer other than the sealer/);
  });
});
