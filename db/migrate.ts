import "server-only";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { createDatabase } from "./client";

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** Any constant both racers agree on: it names the lock, nothing else. */
const MIGRATION_LOCK = 0x636f756e; // "coun"

/**
 * Applies every committed drizzle-kit migration not yet applied (in one transaction); safe to run on
 * every start. drizzle takes no lock of its own, so two processes starting at once (replicas, or the
 * CLI during `npm start`) would both apply the same migration: a session advisory lock serialises them.
 */
export async function runMigrations(url: string): Promise<void> {
  const db = createDatabase(url, { max: 1 });
  try {
    await db.$client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(db, { migrationsFolder });
  } finally {
    // Ending the session releases the lock.
    await db.$client.end();
  }
}
