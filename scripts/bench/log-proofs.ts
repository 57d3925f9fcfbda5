import { createHash, generateKeyPairSync, randomUUID } from "node:crypto";
import path from "node:path";
import { withBenchDatabase } from "./bench-database";
import { arrayLiteral } from "../../db/array-literal";
import { oneRow } from "../../db/one-row";

/**
 * Latency of the transparency log's reads at 100k and 1M leaves: an inclusion proof, a consistency
 * proof and a receipt, through the verbs the routes call. Leaves (and chain links for them, with
 * foreign keys off, as no event stands behind them) are seeded with SQL for speed, and their nodes
 * built by the migration's own backfill; then a real request is submitted and sealed by the real
 * sealer, so its receipt covers the last leaves. Also times the checkpoint that publishes those.
 * Run: npx tsx --conditions=react-server -e "import('./scripts/bench/log-proofs.ts').then(m=>m.benchLogProofs())"
 */
export async function benchLogProofs({ sizes = [100_000, 1_000_000], samples = 200 } = {}) {
  return withBenchDatabase("log", 54350, async (pg, dir) => {
    const { sql } = await import("drizzle-orm");
    const { createDatabase } = await import("../../db/client");
    const { ensureDefaultPolicy } = await import("../../lib/services/seed-demo");
    const { createAgent } = await import("../../lib/services/create-agent");
    const { submitActionRequest } = await import("../../lib/services/submit-action-request");
    const { newServiceContext } = await import("../../lib/services/service-context");
    const { sealEvents } = await import("../../lib/services/seal-events");
    const { publishCheckpoint } = await import("../../lib/services/publish-checkpoint");
    const { proveConsistency, proveInclusion } = await import("../../lib/services/read-log-proofs");
    const { buildReceipt } = await import("../../lib/services/build-receipt");
    const { readCompactRange } = await import("../../lib/services/prove-from-stored-nodes");
    const { rangeRoot } = await import("../../lib/domain/merkle/compact-range");

    // The owner plays every part here: the roles' rights are tested elsewhere, latency is measured here.
    const db = createDatabase(pg.url, { max: 4 });
    await ensureDefaultPolicy(db);
    const created = await createAgent(newServiceContext(db, { kind: "system", id: "cli" }), { name: "bench-agent", ownerEmail: "erin@example.com" });
    const agent = { kind: "agent" as const, id: created.id, name: created.name, ownerEmail: created.owner };
    const keys = generateKeyPairSync("ed25519");
    const signer = { name: "bench/log", privateKey: keys.privateKey, publicKey: keys.publicKey };
    const sink = path.join(dir, "sink");
    /** A seeded leaf's hash: SHA-256 of its seq as 8 bytes, computed alike here and in SQL. */
    const seededLeaf = (seq: number) => {
      const bytes = Buffer.alloc(8);
      bytes.writeBigInt64BE(BigInt(seq));
      return createHash("sha256").update(bytes).digest("hex");
    };

    console.log(`\nTransparency log reads, ${samples} of each, sequential`);
    for (const target of sizes) {
      const start = Number(oneRow(await db.execute<{ size: string }>(sql`select size from log_tree_state`)).size);
      const seeded = target - start - 2; // a request's events (about 2) become the last leaves
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`insert into event_chain (seq, event_id, event_hash, prev_hash, chain_hash) select g, -g, 'seeded', 'seeded', 'seeded' from generate_series(${start + 1}::bigint, ${start + seeded}::bigint) g`);
        await tx.execute(sql`insert into log_leaves (seq, leaf_hash) select g, encode(sha256(int8send(g)), 'hex') from generate_series(${start + 1}::bigint, ${start + seeded}::bigint) g`);
        await tx.execute(sql`select countersign_build_log_nodes()`);
        const range = await readCompactRange(tx, start + seeded);
        await tx.execute(sql`update log_tree_state set size = ${range.size}, frontier = ${arrayLiteral(range.hashes.map((h) => h.toString("hex")))}::text[]`);
        await tx.execute(sql`insert into log_tree_heads (size, root_hash) values (${range.size}, ${rangeRoot(range).toString("hex")})`);
      });
      // What autovacuum would have done after so many inserts: without statistics the planner guesses.
      await db.execute(sql`analyze event_chain, log_leaves, log_nodes`);
      // The seeded leaves go to the sink first (that costs what writing them out costs); what is timed
      // is the worker's usual publication, of the few leaves sealed since the last checkpoint.
      await publishCheckpoint(db, signer, sink);
      const request = await submitActionRequest(newServiceContext(db, agent), { action: "db.export", resource: "postgres://prod-db/customers", environment: "production", summary: "Receipt bench", reasoning: "Measures receipts.", parameters: {} }, randomUUID());
      while ((await sealEvents(db)) > 0);
      const publishStart = performance.now();
      const size = (await publishCheckpoint(db, signer, sink))?.size ?? null;
      const publishMs = performance.now() - publishStart;
      if (size === null) throw new Error("no checkpoint was published");

      const inclusion = await time(samples, (i) => proveInclusion(db, seededLeaf(start + 1 + ((i * 7919) % seeded)), size));
      const consistency = await time(samples, (i) => proveConsistency(db, 1 + ((i * 7919) % (size - 1)), size));
      const receipt = await time(samples, () => buildReceipt(db, agent, request.view.id));
      const { mb } = oneRow(await db.execute<{ mb: number }>(sql`select (pg_total_relation_size('log_nodes') / 1048576)::int as mb`));
      console.log(`  ${size.toLocaleString("en")} leaves: inclusion ${fmt(inclusion)}; consistency ${fmt(consistency)}; receipt ${fmt(receipt)}; publishing the next checkpoint ${publishMs.toFixed(0)} ms; log_nodes ${mb} MB`);
    }
    await db.$client.end();
  });
}

async function time(samples: number, call: (i: number) => Promise<unknown>): Promise<number[]> {
  await call(samples); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await call(i);
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b);
}

const fmt = (sorted: number[]) => {
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  return `p50 ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms`;
};
