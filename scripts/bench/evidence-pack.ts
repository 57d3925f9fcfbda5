import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { exportJWK, generateKeyPair } from "jose";
import { startEmbeddedPostgres } from "../../db/embedded-server";
import { runMigrations } from "../../db/migrate";

const PORT = 54441;

/**
 * The evidence pack at scale: seeds `requests` × 5 events (request, policy, approval, grant,
 * execution; one request in 997 executed after its grant expired, so the exceptions are not empty)
 * straight into PostgreSQL with generate_series, chains and leaves them as the sealer would (hashes
 * computed here, COPY'd in), then exports the pack and verifies it, each in a child process of its
 * own (evidence-pack-phase.ts), so the seconds and the peak RSS (/usr/bin/time's maximum resident
 * set) are each phase's alone. Run: npx tsx --conditions=react-server -e "import('./scripts/bench/evidence-pack.ts').then(m=>m.benchEvidencePack())"
 */
export async function benchEvidencePack({ requests = 200_000 } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "countersign-bench-pack-"));
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: PORT, password: "bench" });
  try {
    await runMigrations(pg.url);
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const env = { ...process.env, DATABASE_URL: pg.url, APP_URL: "http://localhost:3000", MASKING_KEY: randomBytes(32).toString("hex"), SIGNING_KEY: JSON.stringify(await exportJWK(privateKey)) };
    Object.assign(process.env, env);
    const { seedPackEvents } = await import("./seed-pack-events");
    const seedStart = performance.now();
    const events = await seedPackEvents(pg.url, requests);
    console.log(`\nEvidence pack: ${events.toLocaleString("en")} events seeded and chained in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const file = path.join(dir, "pack.zip");
    const exported = phase(["export", file], env);
    console.log(`  export: ${exported.seconds.toFixed(1)} s (${exported.cpuSeconds.toFixed(1)} s of CPU), peak RSS ${exported.rssMb} MB, ${(statSync(file).size / 1048576).toFixed(0)} MB zip (targets: ≤ 60 s, ≤ 300 MB)`);
    const verified = phase(["verify", file], env);
    console.log(`  verify: ${verified.ok ? "VERIFIED" : "NOT VERIFIED"} in ${verified.seconds.toFixed(1)} s (${verified.cpuSeconds.toFixed(1)} s of CPU), ${Math.round(events / verified.seconds).toLocaleString("en")} events/s, peak RSS ${verified.rssMb} MB (targets: ≥ 200,000 events/s, flat memory)`);
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A phase's wall-clock seconds (measured inside it, start-up excluded), its peak RSS, and its CPU seconds (user + system, start-up included): on a loaded machine the CPU time says what the work costs. */
function phase(args: string[], env: NodeJS.ProcessEnv): { seconds: number; rssMb: number; ok: boolean; cpuSeconds: number } {
  const script = path.join(import.meta.dirname, "evidence-pack-phase.ts");
  const run = spawnSync("/usr/bin/time", ["-f", "maxrss-kb %M cpu-s %U %S", process.execPath, "--import", "tsx", "--conditions=react-server", script, ...args], { env, encoding: "utf8" });
  const usage = /maxrss-kb (\d+) cpu-s ([\d.]+) ([\d.]+)/.exec(run.stderr);
  const result = /^\{.*\}$/m.exec(run.stdout)?.[0];
  if (run.status !== 0 || !usage || !result) throw new Error(`bench phase ${args[0]} failed: ${run.stderr.slice(-2000)}`);
  const { seconds, ok } = JSON.parse(result) as { seconds: number; ok: boolean };
  return { seconds, ok, rssMb: Math.round(Number(usage[1]) / 1024), cpuSeconds: Number(usage[2]) + Number(usage[3]) };
}
