import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { exportJWK, generateKeyPair } from "jose";
import { startEmbeddedPostgres } from "../../db/embedded-server";
import { runMigrations } from "../../db/migrate";

/**
 * POST /api/v1/action-requests through the real route handler (auth, validation, masking, digest,
 * policy, one transaction with events) against a bare handler doing a single INSERT on the same pool,
 * in the same run, at the same concurrency. Handlers are called in-process, so the figures measure
 * Countersign's work rather than the HTTP stack, which both would share.
 */
export async function benchApi({ requests = 2000, concurrency = 16 } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "countersign-bench-"));
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: 54349, password: "bench" });
  try {
    await runMigrations(pg.url);
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    // One agent sends every request: its back-pressure limits are lifted (0), as the bench measures the pipeline.
    Object.assign(process.env, {
      DATABASE_URL: pg.url, APP_URL: "http://localhost:3000", MASKING_KEY: randomBytes(32).toString("hex"), SIGNING_KEY: JSON.stringify(await exportJWK(privateKey)),
      AGENT_RATE_LIMIT: "0", AGENT_MAX_PENDING: "0",
    });

    const { getDb } = await import("../../db/client");
    const { sql } = await import("drizzle-orm");
    const { seedDemo } = await import("../../lib/services/seed-demo");
    const { POST } = await import("../../app/api/v1/action-requests/route");
    const db = getDb();
    const key = (await seedDemo(db, true))!;
    await db.execute(sql`create table bench_bare (id uuid primary key, body jsonb not null, created_at timestamptz not null default now())`);

    const context = realisticContext(4096);
    const body = JSON.stringify({
      action: "db.export", resource: "postgres://prod-db/customers", environment: "production",
      summary: "Export customers who churned in October", reasoning: "Churn analysis; read-only.",
      parameters: { sql: "COPY (SELECT id, plan FROM customers WHERE churned) TO STDOUT" }, context,
    });
    const full = () =>
      POST(new Request("http://localhost:3000/api/v1/action-requests", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": randomUUID() },
        body,
      }), { params: Promise.resolve({}) });
    const bare = async () => {
      const request = new Request("http://localhost:3000/bare", { method: "POST", body });
      await db.execute(sql`insert into bench_bare (id, body) values (${randomUUID()}, ${await request.text()}::jsonb)`);
      return new Response(null, { status: 201 });
    };

    await measure(full, 200, concurrency);
    await measure(bare, 200, concurrency);
    const bareStats = await measure(bare, requests, concurrency);
    const fullStats = await measure(full, requests, concurrency);
    console.log(`\nAPI: ${requests} requests, ${concurrency} in flight, ${Buffer.byteLength(JSON.stringify(context))} B context`);
    console.log(row("POST action-requests", fullStats));
    console.log(row("bare single INSERT", bareStats));
    console.log(`  ratio (full/bare): throughput ${(fullStats.rps / bareStats.rps).toFixed(2)}, p50 ${(fullStats.p50 / bareStats.p50).toFixed(2)}x, p99 ${(fullStats.p99 / bareStats.p99).toFixed(2)}x`);
    await db.$client.end();
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Stats = { rps: number; p50: number; p99: number };

async function measure(call: () => Promise<Response>, total: number, concurrency: number): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        const t0 = performance.now();
        const response = await call();
        if (response.status !== 201) throw new Error(`unexpected status ${response.status}: ${await response.text()}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN; // NaN: no samples (a total of 0)
  return { rps: latencies.length / elapsed, p50: pct(0.5), p99: pct(0.99) };
}

const row = (name: string, s: Stats) => `  ${name.padEnd(22)} ${s.rps.toFixed(0).padStart(6)} req/s   p50 ${s.p50.toFixed(1)} ms   p99 ${s.p99.toFixed(1)} ms`;

/** A context shaped like real agent context: logs, config and a few secrets, masked on the way in. */
function realisticContext(bytes: number) {
  const lines: string[] = [];
  let i = 0;
  while (lines.join("\n").length < bytes - 600) {
    lines.push(`2026-11-21T10:${String(i % 60).padStart(2, "0")}:00Z INFO export worker=${i} table=customers rows=${1000 + i * 7} host=db-replica-${i % 3}.internal`);
    i += 1;
  }
  return {
    ticket: "OPS-1234",
    requestedBy: "analyst@example.com",
    env: "DB_HOST=prod-db.internal\nDB_PASSWORD=s3cr3t-Passw0rd-for-bench\nAWS_ACCESS_KEY_ID=AKIAQYLPMN5HFIQR7XYZ",
    logs: lines.join("\n"),
  };
}
