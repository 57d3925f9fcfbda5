/**
 * The background worker `npm start` runs beside the console: seals the event log every ~200 ms and
 * expires overdue requests every few seconds. Coordination happens in PostgreSQL (the sealer's row lock,
 * SKIP LOCKED), so any number of workers may run against one database.
 *
 * The sealer connects as DATABASE_SEALER_URL, a member of countersign_sealer, the only role that may
 * write the chain; everything else runs as DATABASE_URL, the app's role, like the console.
 */
import { createDatabase, getDb } from "../db/client";
import { routeConsoleToLogger } from "../lib/logging/console-to-logger";
import { log } from "../lib/logging/logger";
import { expirePendingRequests } from "../lib/services/expire-pending-requests";
import { sealEvents } from "../lib/services/seal-events";
import { newServiceContext } from "../lib/services/service-context";
import { repeat } from "./lib/repeat";

routeConsoleToLogger("worker");

const SEAL_EVERY_MS = 200;
const EXPIRE_EVERY_MS = 5_000;

/** Aborted on SIGTERM or SIGINT: ends the loops, and wakes them from their rest at once. */
const stopping = new AbortController();
process.on("SIGTERM", () => stopping.abort());
process.on("SIGINT", () => stopping.abort());

async function main() {
  const sealerUrl = process.env.DATABASE_SEALER_URL;
  if (!sealerUrl) {
    log.error("DATABASE_SEALER_URL is not set: the sealer needs a login that is a member of countersign_sealer (see the README's configuration).", { source: "worker" });
    process.exit(1);
  }
  const db = getDb();
  const sealer = createDatabase(sealerUrl, { max: 1 });
  await Promise.all([
    repeat("sealer", SEAL_EVERY_MS, () => sealEvents(sealer), stopping.signal),
    repeat("expiry", EXPIRE_EVERY_MS, () => expirePendingRequests(newServiceContext(db, { kind: "system", id: "worker" })), stopping.signal),
  ]);
  await Promise.all([db.$client.end({ timeout: 5 }), sealer.$client.end({ timeout: 5 })]);
}

void main();
