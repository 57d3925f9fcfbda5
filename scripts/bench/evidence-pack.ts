import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import { workerNodeOptions } from "../lib/worker-node-options";
import { withBenchDatabase } from "./bench-database";

const PORT = 54441;

/**
 * The evidence pack at scale, at 100,000 and at 1,000,000 events (so peak memory can be seen not to
 * grow with the events): seeds events/5 requests × 5 events (request, policy, approval, grant,
 * execution; one request in 997 executed after its grant expired, so the exceptions are not empty)
 * straight into PostgreSQL with generate_series, chains and leaves them as the sealer would (hashes
 * computed here, COPY'd in), then exports the pack and verifies it, each in a child process of its
 * own (evidence-pack-phase.ts), so the seconds and the peak RSS (/usr/bin/time's maximum resident
 * set) are each phase's alone. The machine is shared, so each phase also reports its CPU seconds and
 * events per CPU second, which say what the work costs whatever else runs. BENCH_PACK_EVENTS (a
 * comma-separated list) picks other sizes. Run alone: npx tsx --conditions=react-server -e "import('./scripts/bench/evidence-pack.ts').then(m=>m.benchEvidencePack())"
 */
export async function benchEvidencePack({ sizes = (process.env.BENCH_PACK_EVENTS ?? "100000,1000000").split(",").map(Number) } = {}) {
  for (const size of sizes) await benchPackOf(Math.round(size / 5));
}

async function benchPackOf(requests: number) {
  await withBenchDatabase("pack", PORT, async (pg, dir) => {
    const { seedPackEvents } = await import("./seed-pack-events");
    const seedStart = performance.now();
    const events = await seedPackEvents(pg.url, requests);
    console.log(`\nEvidence pack: ${events.toLocaleString("en")} events seeded and chained in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const file = path.join(dir, "pack.zip");
    const perCpu = (cpuSeconds: number) => Math.round(events / cpuSeconds).toLocaleString("en");
    // Node.js as the launcher starts the worker, which runs background exports.
    const exported = phase(["export", file], { NODE_OPTIONS: workerNodeOptions(process.env.NODE_OPTIONS) });
    console.log(
      `  export: ${exported.seconds.toFixed(1)} s (${exported.cpuSeconds.toFixed(1)} s of CPU, ${perCpu(exported.cpuSeconds)} events per CPU second), peak RSS ${exported.rssMb} MB, ${(statSync(file).size / 1048576).toFixed(0)} MB zip (targets at 1M: ≤ 60 s, ≤ 300 MB)`,
    );
    const verified = phase(["verify", file]);
    console.log(
      `  verify: ${verified.ok ? "VERIFIED" : "NOT VERIFIED"} in ${verified.seconds.toFixed(1)} s (${verified.cpuSeconds.toFixed(1)} s of CPU), ${Math.round(events / verified.seconds).toLocaleString("en")} events/s, ${perCpu(verified.cpuSeconds)} per CPU second, peak RSS ${verified.rssMb} MB (targets: ≥ 200,000 events/s, flat memory)`,
    );
    // The least work any verifier does, on one thread: verify also chains, builds the tree and re-derives every control.
    const floor = phase(["floor", file]);
    console.log(`  reference: inflating events.ndjson and parsing and hashing each line once, nothing else: ${Math.round(events / floor.seconds).toLocaleString("en")} events/s (${floor.cpuSeconds.toFixed(1)} s of CPU)`);
  });
}

/** A phase's wall-clock seconds (measured inside it, start-up excluded), its peak RSS, and its CPU seconds (user + system, start-up included): on a loaded machine the CPU time says what the work costs. */
function phase(args: string[], extraEnv: Record<string, string> = {}): { seconds: number; rssMb: number; ok: boolean; cpuSeconds: number } {
  const script = path.join(import.meta.dirname, "evidence-pack-phase.ts");
  // withBenchDatabase put the database's URL and the keys in this process's environment.
  const run = spawnSync("/usr/bin/time", ["-f", "maxrss-kb %M cpu-s %U %S", process.execPath, "--import", "tsx", "--conditions=react-server", script, ...args], { env: { ...process.env, ...extraEnv }, encoding: "utf8" });
  const usage = /maxrss-kb (\d+) cpu-s ([\d.]+) ([\d.]+)/.exec(run.stderr);
  const result = /^\{.*\}$/m.exec(run.stdout)?.[0];
  if (run.status !== 0 || !usage || !result) throw new Error(`bench phase ${args[0]} failed: ${run.stderr.slice(-2000)}`);
  const { seconds, ok } = JSON.parse(result) as { seconds: number; ok: boolean };
  return { seconds, ok, rssMb: Math.round(Number(usage[1]) / 1024), cpuSeconds: Number(usage[2]) + Number(usage[3]) };
}
