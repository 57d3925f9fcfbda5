import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { oneRow } from "../../db/one-row";
import { eventChain, events, logLeaves, logNodes, logTreeHeads, logTreeState } from "../../db/schema";
import { eventLeafHash, subtreeRoot, treeRoot } from "../../lib/domain/merkle/tree-hash";
import { toHashableEvent } from "../../lib/services/hashable-event";
import { sealEvents } from "../../lib/services/seal-events";
import { seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { ownerDatabase, readerDatabase, sealerDatabase, useTestDatabase } from "./test-database";
import { databaseError } from "./database-error";

vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

let app: Database;
let agent: SeededAgent;

beforeAll(async () => {
  app = await useTestDatabase();
  agent = await seedAgent(app);
});

const sealAll = async (batchSize?: number) => {
  while ((await sealEvents(sealerDatabase(), batchSize)) > 0);
};

/** The leaves recomputed from the events as they are now, in seq order. */
async function leavesFromEvents() {
  const rows = await app.select({ event: events }).from(eventChain).innerJoin(events, eq(events.id, eventChain.eventId)).orderBy(asc(eventChain.seq));
  return rows.map(({ event }) => eventLeafHash(toHashableEvent(event)));
}

async function expectTreeMatchesEvents() {
  const leaves = await leavesFromEvents();
  const stored = await app.select().from(logLeaves).orderBy(asc(logLeaves.seq));
  expect(stored.map((l) => l.seq)).toEqual(leaves.map((_, i) => i + 1));
  expect(stored.map((l) => l.leafHash)).toEqual(leaves.map((l) => l.toString("hex")));
  const state = oneRow(await app.select().from(logTreeState));
  expect(state.size).toBe(leaves.length);
  const heads = await app.select().from(logTreeHeads).orderBy(asc(logTreeHeads.size));
  expect(heads.at(-1)?.size).toBe(leaves.length);
  for (const head of heads) expect(head.rootHash).toBe(treeRoot(leaves, head.size).toString("hex"));
  // Every complete node above the leaves, each the root of its leaves: what proofs are built from.
  const nodes = await app.select().from(logNodes).orderBy(asc(logNodes.level), asc(logNodes.idx));
  const expected = [];
  for (let level = 1; 2 ** level <= leaves.length; level++) {
    for (let idx = 0; (idx + 1) * 2 ** level <= leaves.length; idx++) expected.push({ level, idx, hash: subtreeRoot(leaves, idx * 2 ** level, (idx + 1) * 2 ** level).toString("hex") });
  }
  expect(nodes).toEqual(expected);
  return { leaves, heads };
}

describe("sealing into the Merkle tree", () => {
  it("appends every sealed event as a leaf and records a tree head per batch, each the root of its prefix", async () => {
    for (let i = 0; i < 4; i++) await submitSample(app, agent);
    await sealAll(3);
    const { heads } = await expectTreeMatchesEvents();
    // Batches of at most 3 events: several heads, strictly growing.
    expect(heads.length).toBeGreaterThan(1);
    await submitSample(app, agent);
    await sealAll();
    await expectTreeMatchesEvents();
  });

  it("lets only the sealer write the tree; the app and auditors may read it, and nobody may rewrite leaves or heads", async () => {
    await submitSample(app, agent);
    await sealAll();
    const asApp = (statement: ReturnType<typeof sql>) => databaseError(app.execute(statement));
    expect(await asApp(sql`insert into log_leaves (seq, leaf_hash) values (999999, 'x')`)).toMatch(/permission denied/);
    expect(await asApp(sql`insert into log_tree_heads (size, root_hash) values (999999, 'x')`)).toMatch(/permission denied/);
    expect(await asApp(sql`update log_tree_state set size = 0`)).toMatch(/permission denied/);
    expect(await asApp(sql`select count(*) from log_leaves`)).toBe("no error");
    expect(await databaseError(readerDatabase().execute(sql`select size, root_hash from log_tree_heads`))).toBe("no error");
    expect(await databaseError(readerDatabase().execute(sql`update log_tree_state set size = 0`))).toMatch(/permission denied/);
    const owner = ownerDatabase();
    expect(await databaseError(owner.execute(sql`update log_leaves set leaf_hash = 'x'`))).toMatch(/append-only/);
    expect(await databaseError(owner.execute(sql`delete from log_tree_heads`))).toMatch(/append-only/);
    expect(await databaseError(owner.execute(sql`delete from log_tree_state`))).toMatch(/append-only/);
    expect(await databaseError(sealerDatabase().execute(sql`update log_leaves set leaf_hash = 'x'`))).toMatch(/permission denied|append-only/);
  });

  it("catches the tree up with links chained before it existed (a database migrated to 0011)", async () => {
    await submitSample(app, agent);
    await sealAll();
    // As the owner, put the tree back where migrations 0011 and 0015 leave it on a database with history.
    await ownerDatabase().transaction(async (tx) => {
      await tx.execute(sql`alter table log_leaves disable trigger user`);
      await tx.execute(sql`alter table log_tree_heads disable trigger user`);
      await tx.execute(sql`alter table log_nodes disable trigger user`);
      await tx.execute(sql`delete from log_leaves`);
      await tx.execute(sql`delete from log_nodes`);
      await tx.execute(sql`delete from log_tree_heads`);
      await tx.execute(sql`update log_tree_state set size = 0, frontier = '{}'`);
      await tx.execute(sql`alter table log_leaves enable always trigger log_leaves_append_only`);
      await tx.execute(sql`alter table log_leaves enable always trigger log_leaves_no_truncate`);
      await tx.execute(sql`alter table log_tree_heads enable always trigger log_tree_heads_append_only`);
      await tx.execute(sql`alter table log_tree_heads enable always trigger log_tree_heads_no_truncate`);
      await tx.execute(sql`alter table log_nodes enable always trigger log_nodes_append_only`);
      await tx.execute(sql`alter table log_nodes enable always trigger log_nodes_no_truncate`);
    });
    await submitSample(app, agent);
    await sealAll();
    await expectTreeMatchesEvents();
  });
});
