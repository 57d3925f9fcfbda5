import "server-only";
import { sql } from "drizzle-orm";
import { CasingCache } from "drizzle-orm/casing";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { getDb, type Database } from "@/db/client";
import * as schema from "@/db/schema";
import { checkDatabaseHealth } from "./check-database-health";
import { describeErrorSafely } from "./describe-error";
import { readSealingStall } from "./read-sealing-stall";

export type ReadinessProblem = { check: "database" | "schema" | "sealer"; message: string };
export type Readiness = { ready: boolean; problems: ReadinessProblem[] };

/**
 * Whether this console can serve: the database answers, it has every table and column this build
 * uses (its migrations are applied: the app's role cannot read drizzle's journal, but the catalog is
 * public), and the sealer is not stuck, since exports and verification wait on it. Each problem is a
 * sentence an operator can act on.
 */
export async function checkReadiness(db: Database = getDb(), now = new Date()): Promise<Readiness> {
  if (!(await checkDatabaseHealth(db))) return { ready: false, problems: [{ check: "database", message: "The database does not answer." }] };
  const problems = (await Promise.all([schemaProblem(db), sealerProblem(db, now)])).filter((p): p is ReadinessProblem => p !== null);
  return { ready: problems.length === 0, problems };
}

async function schemaProblem(db: Database): Promise<ReadinessProblem | null> {
  return guarded("schema", async () => {
    const missing = await missingColumns(db);
    if (missing.length === 0) return null;
    const named = `${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""}`;
    return `The database lacks ${named}: apply the migrations.`;
  });
}

async function sealerProblem(db: Database, now: Date): Promise<ReadinessProblem | null> {
  return guarded("sealer", async () => {
    const stall = await readSealingStall(db, now);
    if (!stall) return null;
    return `The sealer is stuck: ${stall.queueLength} event(s) wait, the oldest for ${Math.round(stall.oldestUnsealedSeconds)} s. Is the worker running?`;
  });
}

/** A check that cannot run is a failed check, not a 500: the answer is still "not ready". */
async function guarded(check: ReadinessProblem["check"], run: () => Promise<string | null>): Promise<ReadinessProblem | null> {
  try {
    const message = await run();
    return message === null ? null : { check, message };
  } catch (error) {
    return { check, message: `The ${check} check failed (${describeErrorSafely(error)}).` };
  }
}

/** Each `table.column` the drizzle schema declares that the database does not have. */
async function missingColumns(db: Database): Promise<string[]> {
  const casing = new CasingCache("snake_case");
  const expected = (Object.values(schema) as unknown[])
    .filter((value): value is PgTable => value instanceof PgTable)
    .flatMap((table) => {
      const config = getTableConfig(table);
      return config.columns.map((column) => `${config.name}.${casing.getColumnCasing(column)}`);
    });
  const present = await db.execute<{ name: string }>(sql`
    select c.relname || '.' || a.attname as name
    from pg_catalog.pg_attribute a
    join pg_catalog.pg_class c on c.oid = a.attrelid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped`);
  const have = new Set(present.map((row) => row.name));
  return expected.filter((name) => !have.has(name));
}
