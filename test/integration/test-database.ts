import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { createDatabase, getDb, type Database } from "../../db/client";
import { sealEvents } from "../../lib/services/seal-events";
import { repeat } from "../../scripts/lib/repeat";
import { TEMPLATE_DATABASE, withDatabase } from "./global-setup";

export const TEST_APP_URL = "http://localhost:3999";

let owner: Database | undefined;
let sealer: Database | undefined;
let reader: Database | undefined;
let databaseName: string | undefined;

/**
 * Gives this test file its own freshly migrated database, cloned from the template, and points the
 * app's configuration at it exactly as `npm start` does for the console: verbs connect as the
 * least-privileged countersign_app login; DATABASE_MIGRATION_URL names the owner, DATABASE_SEALER_URL
 * the sealer's login, as for the worker.
 */
export async function useTestDatabase(): Promise<Database> {
  const adminUrl = inject("postgresAdminUrl");
  const name = `test_${randomBytes(6).toString("hex")}`;
  databaseName = name;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  await admin.end();
  Object.assign(process.env, {
    DATABASE_URL: withDatabase(inject("postgresAppUrl"), name),
    DATABASE_SEALER_URL: withDatabase(inject("postgresSealerUrl"), name),
    DATABASE_MIGRATION_URL: withDatabase(adminUrl, name),
    APP_URL: TEST_APP_URL,
    MASKING_KEY: "integration-test-masking-key-0123456789",
    SIGNING_KEY: inject("signingKey"),
    // A sink of its own unless the file set one: the default (.data/checkpoints) is the developer's
    // `npm start`, whose checkpoints, signed by another key, this database's log would be checked against.
    CHECKPOINT_DIR: process.env.CHECKPOINT_DIR ?? mkdtempSync(path.join(os.tmpdir(), "countersign-test-sink-")),
  });
  const db = getDb();
  afterAll(async () => {
    await db.$client.end({ timeout: 5 });
    await Promise.all([owner, sealer, reader].map((other) => other?.$client.end({ timeout: 5 })));
    const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await cleanup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  });
  return db;
}

/** The database owner, for what tests do behind the application's back (disabling triggers). */
export function ownerDatabase(): Database {
  owner ??= createDatabase(process.env.DATABASE_MIGRATION_URL!, { max: 2 });
  return owner;
}

/** The worker's sealer's own login, a member of countersign_sealer: the only one that may write the chain. */
export function sealerDatabase(): Database {
  sealer ??= createDatabase(process.env.DATABASE_SEALER_URL!, { max: 2 });
  return sealer;
}

/** A login that is a member of countersign_reader, as an auditor's or a SIEM's would be. */
export function readerDatabase(): Database {
  reader ??= createDatabase(withDatabase(inject("postgresReaderUrl"), databaseName!), { max: 1 });
  return reader;
}

/**
 * Runs the worker's sealer loop in the background, as the sealer's login, until this file's tests
 * end: what `npm start` runs beside the console, and what evidence exports wait for.
 */
export function runSealerInBackground(): void {
  const stop = new AbortController();
  const running = repeat("sealer", 50, () => sealEvents(sealerDatabase()), stop.signal);
  afterAll(async () => {
    stop.abort();
    await running;
  });
}
