/**
 * The background worker `npm start` runs beside the console: seals the event log every ~200 ms and
 * expires overdue requests every few seconds. Coordination happens in PostgreSQL (advisory lock,
 * SKIP LOCKED), so any number of workers may run against one database.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { getDb } from "../db/client";
import { routeConsoleToLogger } from "../lib/logging/console-to-logger";
import { log } from "../lib/logging/logger";
import { expirePendingRequests } from "../lib/services/expire-pending-requests";
import { sealEvents } from "../lib/services/seal-events";

routeConsoleToLogger("worker");

const SEAL_EVERY_MS = 200;
const EXPIRE_EVERY_MS = 5_000;

/** Aborted on SIGTERM or SIGINT: ends the loops, and wakes them from their rest at once. */
const stopping = new AbortController();
const running = () => !stopping.signal.aborted;
process.on("SIGTERM", () => stopping.abort());
process.on("SIGINT", () => stopping.abort());

async function loop(name: string, everyMs: number, task: () => Promise<number>) {
  while (running()) {
    try {
      // Drain: keep going while there is work, then rest.
      while (running() && (await task()) > 0);
    } catch (error) {
      // Ctrl-C reaches PostgreSQL too; a connection lost while stopping is expected, not news.
      if (!running()) break;
      log.error(`The ${name} failed; retrying`, { source: "worker", worker: name, error });
    }
    await sleep(everyMs, undefined, { signal: stopping.signal }).catch(() => {});
  }
}

async function main() {
  const db = getDb();
  await Promise.all([loop("sealer", SEAL_EVERY_MS, () => sealEvents(db)), loop("expiry", EXPIRE_EVERY_MS, () => expirePendingRequests(db))]);
  await db.$client.end({ timeout: 5 });
}

void main();
