/**
 * The worker's Node.js options, added to NODE_OPTIONS when the launcher starts it (and by the bench
 * when it measures an export as the worker runs one). The worker streams: sealing batches, outbox
 * deliveries, evidence packs of a million events. What it allocates dies young, and V8's default
 * young generation (16 MB semi-spaces) let a pack's export reach about 300 MB of resident memory
 * holding garbage; at 4 MB it stays near 250 MB, for at most a tenth more CPU (npm run bench).
 */
export const WORKER_NODE_OPTIONS = "--max-semi-space-size=4";

/** NODE_OPTIONS for the worker: the operator's own, then the worker's. */
export function workerNodeOptions(inherited: string | undefined): string {
  return [inherited?.trim(), WORKER_NODE_OPTIONS].filter(Boolean).join(" ");
}
