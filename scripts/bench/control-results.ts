import { withBenchDatabase } from "./bench-database";
import { seedPackEvents } from "./seed-pack-events";

/**
 * How fast the worker's materialiser catches up with a log it has never seen (an upgrade on a large
 * deployment): `requests` × 5 sealed events seeded as for the pack's bench, then fed through the
 * control tests batch by batch until the cursor reaches the head. Prints events per second.
 * Run alone: npx tsx --conditions=react-server -e "import('./scripts/bench/control-results.ts').then(m=>m.benchControlResults())"
 */
export async function benchControlResults({ requests = 200_000, port = 54353 } = {}) {
  return withBenchDatabase("control-results", port, async (pg) => {
    const { createDatabase } = await import("../../db/client");
    const { materialiseControlResults } = await import("../../lib/services/materialise-control-results");
    const events = await seedPackEvents(pg.url, requests);
    const db = createDatabase(pg.url, { max: 2 });
    const started = performance.now();
    let fed = 0;
    for (let n; (n = await materialiseControlResults(db)) > 0; ) fed += n;
    const seconds = (performance.now() - started) / 1000;
    console.log(`\nControl results: ${fed.toLocaleString("en")} of ${events.toLocaleString("en")} sealed events fed through the control tests in ${seconds.toFixed(1)} s (${Math.round(fed / seconds).toLocaleString("en")} events/s)`);
    await db.$client.end();
  });
}
