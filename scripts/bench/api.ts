import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { exportJWK, generateKeyPair } from "jose";
import type { Database } from "../../db/client";
import { ensureLoginRole } from "../../db/login-roles";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../db/embedded-server";
import { runMigrations } from "../../db/migrate";

const PORT = 54349;

/**
 * POST /api/v1/action-requests through the real route handler (auth, validation, masking, digest,
 * policy, one transaction with events) against a bare Next.js route handler (the bench's fixture: the
 * same JSON parse and one INSERT) on the same pool, in the same run, at the same concurrency, with
 * the sealer running as the worker runs it. Handlers are called in-process, so the figures measure
 * Countersign's work rather than the HTTP stack, which both would share. Then: events/s with 32
 * writers with sealing off and on, the seal lag of the latter, and how fast the sealer drains a backlog.
 * BENCH_PROFILE=1 also prints pg_stat_statements' costliest statements of the POST rounds.
 */
export async function benchApi({ requests = 2000, concurrency = 16, writers = 32, backlog = 20_000 } = {}) {
  const profile = process.env.BENCH_PROFILE === "1";
  const dir = mkdtempSync(path.join(os.tmpdir(), "countersign-bench-"));
  let pg = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: PORT, password: "bench" });
  try {
    if (profile) pg = await withStatementStatistics(pg, dir);
    await runMigrations(pg.url);
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    // The console's own login, as in production: a member of countersign_app, not the owner.
    const appUrl = await ensureLoginRole(pg.url, "app", "bench");
    const sealerUrl = await ensureLoginRole(pg.url, "sealer", "bench");
    // One agent sends every request: its back-pressure limits are lifted (0), as the bench measures the pipeline.
    Object.assign(process.env, {
      DATABASE_URL: appUrl, APP_URL: "http://localhost:3000", MASKING_KEY: randomBytes(32).toString("hex"), SIGNING_KEY: JSON.stringify(await exportJWK(privateKey)),
      AGENT_RATE_LIMIT: "0", AGENT_MAX_PENDING: "0",
    });

    const { createDatabase, getDb } = await import("../../db/client");
    const { seedDemo } = await import("../../lib/services/seed-demo");
    const { sealEvents } = await import("../../lib/services/seal-events");
    const { POST: POST_ROUTE } = await import("../../app/api/v1/action-requests/route");
    const { POST: BARE } = await import("./fixture/bare-route");
    const owner = createDatabase(pg.url, { max: 2 });
    const sealerDb = createDatabase(sealerUrl, { max: 1 });
    const key = (await seedDemo(owner, true))!;
    await owner.execute(sql`create table bench_bare (id uuid primary key, body jsonb not null, created_at timestamptz not null default now())`);
    await owner.execute(sql`grant insert on bench_bare to countersign_app`);
    const db = getDb();
    const count = async (query: ReturnType<typeof sql>) => Number((await owner.execute<{ n: string }>(query))[0]!.n);

    const context = realisticContext(4096);
    const body = JSON.stringify({
      action: "db.export", resource: "postgres://prod-db/customers", environment: "production",
      summary: "Export customers who churned in October", reasoning: "Churn analysis; read-only.",
      parameters: { sql: "COPY (SELECT id, plan FROM customers WHERE churned) TO STDOUT" }, context,
    });
    const POST = (request: Request) => POST_ROUTE(request, { params: Promise.resolve({}) });
    const full = () =>
      POST(new Request("http://localhost:3000/api/v1/action-requests", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": randomUUID() },
        body,
      }));
    const bare = () => BARE(new Request("http://localhost:3000/bare", { method: "POST", headers: { "content-type": "application/json" }, body }));

    /** The worker's sealer loop (drain, then rest 200 ms), noting when each batch committed and the head it reached. */
    const startSealer = async () => {
      let head = await count(sql`select coalesce(max(seq), 0) as n from event_chain`);
      const batches: { at: number; head: number }[] = [];
      let stop = false;
      const loop = (async () => {
        while (!stop) {
          const sealed = await sealEvents(sealerDb);
          if (sealed > 0) batches.push({ at: Date.now(), head: (head += sealed) });
          else await sleep(200);
        }
        while ((await sealEvents(sealerDb)) > 0);
      })();
      return { batches, stop: async () => ((stop = true), await loop) };
    };

    // 1. The product against the bare route, sealing on; alternating rounds share the machine's noise.
    // First as called in-process (Countersign's own work alone), then over HTTP (each handler behind
    // its own node:http server, the client in this process), where both also pay for the transport.
    const fullServer = await serve(POST, 0);
    const bareServer = await serve(BARE, 0);
    const post = (server: Server, headers: () => Record<string, string>) => () =>
      fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: "POST", headers: { "content-type": "application/json", ...headers() }, body });
    const viaHttp = { full: post(fullServer, () => ({ authorization: `Bearer ${key}`, "idempotency-key": randomUUID() })), bare: post(bareServer, () => ({})) };
    let sealer = await startSealer();
    if (profile) await owner.execute(sql`select pg_stat_statements_reset()`);
    const contextBytes = Buffer.byteLength(JSON.stringify(context));
    for (const [transport, calls] of [["in-process", { full, bare }], ["over HTTP", viaHttp]] as const) {
      await measure(calls.full, 200, concurrency);
      await measure(calls.bare, 200, concurrency);
      const rounds = 2;
      const fullRuns: Run[] = [];
      const bareRuns: Run[] = [];
      for (let round = 0; round < rounds; round += 1) {
        bareRuns.push(await measure(calls.bare, requests / rounds, concurrency));
        fullRuns.push(await measure(calls.full, requests / rounds, concurrency));
      }
      const fullStats = stats(fullRuns);
      const bareStats = stats(bareRuns);
      console.log(`\nAPI ${transport}: ${requests} requests, ${concurrency} in flight, ${contextBytes} B context, sealing on`);
      console.log(row("POST action-requests", fullStats));
      console.log(row("bare Next.js route", bareStats));
      console.log(`  ratio (full/bare): throughput ${(fullStats.rps / bareStats.rps).toFixed(2)}x (target >= 0.6), p50 ${(fullStats.p50 / bareStats.p50).toFixed(2)}x, p99 ${(fullStats.p99 / bareStats.p99).toFixed(2)}x (target <= 1.5)`);
    }
    await sealer.stop();
    await Promise.all([fullServer, bareServer].map((server) => new Promise((resolve) => server.close(resolve))));
    if (profile) await printStatements(owner);

    // 2. Events/s with many writers, sealing off, then on; and how long an event waits to be sealed.
    const eventsPerSecond = async () => {
      const before = await count(sql`select coalesce(max(id), 0) as n from events`);
      const run = await measure(full, requests, writers);
      return { before, perSecond: (await count(sql`select count(*) as n from events where id > ${before}`)) / run.seconds };
    };
    const off = await eventsPerSecond();
    while ((await sealEvents(sealerDb)) > 0);
    sealer = await startSealer();
    const on = await eventsPerSecond();
    await sealer.stop();
    const sealedAt = await owner.execute<{ seq: string; occurred_at: Date }>(
      sql`select c.seq, e.occurred_at from event_chain c join events e on e.id = c.event_id where e.id > ${on.before} order by c.seq`,
    );
    const lags: number[] = [];
    let batch = 0;
    for (const { seq, occurred_at } of sealedAt) {
      while (sealer.batches[batch] && sealer.batches[batch]!.head < Number(seq)) batch += 1;
      if (sealer.batches[batch]) lags.push(sealer.batches[batch]!.at - new Date(occurred_at).getTime());
    }
    lags.sort((a, b) => a - b);
    console.log(`\nWriters: ${writers} in flight, ${requests} requests each run`);
    console.log(`  events/s sealing off ${off.perSecond.toFixed(0)}, sealing on ${on.perSecond.toFixed(0)}: ${((100 * on.perSecond) / off.perSecond).toFixed(0)}% (target >= 70%)`);
    console.log(`  seal lag (commit of the seal after the request began): p50 ${percentile(lags, 0.5).toFixed(0)} ms, p99 ${percentile(lags, 0.99).toFixed(0)} ms, over ${lags.length} events`);

    // 3. Sealing throughput: a backlog of real events (copies of the ones above) drained by one sealer.
    await owner.execute(sql`
      insert into events (type, stream_type, stream_id, actor, data, correlation_id, occurred_at)
      select e.type, e.stream_type, e.stream_id, e.actor, e.data, e.correlation_id, e.occurred_at
      from generate_series(1, ${Math.ceil(backlog / 1000)}) g, (select * from events order by id desc limit 1000) e
      limit ${backlog}`);
    const t0 = performance.now();
    let drained = 0;
    for (let sealed = 1; sealed > 0; drained += sealed) sealed = await sealEvents(sealerDb);
    const sealSeconds = (performance.now() - t0) / 1000;
    console.log(`\nSealing: ${drained} queued events in ${sealSeconds.toFixed(2)} s: ${(drained / sealSeconds).toFixed(0)} events/s (target >= 3000)`);

    await Promise.all([db.$client.end(), owner.$client.end(), sealerDb.$client.end()]);
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A route handler behind a node:http server on `port` (0: any free one), as a framework would put it. */
async function serve(handler: (request: Request) => Promise<Response>, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const response = await handler(new Request(`http://localhost:3000${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}

/** Restarts the server with pg_stat_statements loaded (it must be preloaded) and the extension created. */
async function withStatementStatistics(pg: EmbeddedDatabase, dir: string): Promise<EmbeddedDatabase> {
  const { default: postgres } = await import("postgres");
  let client = postgres(pg.url, { max: 1, onnotice: () => {} });
  await client`alter system set shared_preload_libraries = 'pg_stat_statements'`;
  await client`alter system set pg_stat_statements.track = 'all'`;
  await client.end();
  await pg.stop();
  const restarted = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: PORT, password: "bench" });
  client = postgres(restarted.url, { max: 1, onnotice: () => {} });
  await client`create extension pg_stat_statements`;
  await client.end();
  return restarted;
}

async function printStatements(owner: Database) {
  const rows = await owner.execute<Record<string, unknown>>(sql`
    select calls, round(total_exec_time::numeric, 0) as total_ms, round(mean_exec_time::numeric, 3) as mean_ms, shared_blks_hit + shared_blks_read + shared_blks_dirtied as blocks,
      left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 140) as query
    from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
    order by total_exec_time desc limit 20`);
  console.log("  pg_stat_statements (POST and bare rounds):");
  for (const r of rows) console.log(`  ${String(r.calls).padStart(7)} calls ${String(r.total_ms).padStart(7)} ms ${String(r.mean_ms).padStart(8)} ms/call ${String(r.blocks).padStart(8)} blks  ${String(r.query)}`);
}

type Run = { latencies: number[]; seconds: number };
type Stats = { rps: number; p50: number; p99: number };

async function measure(call: () => Promise<Response>, total: number, concurrency: number): Promise<Run> {
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
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

function stats(runs: Run[]): Stats {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  return { rps: latencies.length / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

/** `sorted` ascending; NaN without samples. */
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

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
