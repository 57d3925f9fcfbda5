import "server-only";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { log } from "@/lib/logging/logger";
import * as schema from "./schema";
import { pipelineBegin } from "./pipeline-begin";
import { prepareStatements } from "./prepare-statements";
import { traceQueries, tracingConfigured } from "./trace-queries";

export type Database = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Either the pool or an open transaction: read helpers accept both. */
export type Executor = Database | Transaction;

export function createDatabase(url: string, options: { max?: number } = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    // The server's NOTICE chatter ("relation already exists, skipping") is for LOG_LEVEL=debug only.
    onnotice: (notice) => log.debug("PostgreSQL notice", { source: "postgres", notice: { severity: notice.severity, code: notice.code, message: notice.message } }),
    // postgres.js reads timestamps back with `new Date(text)`, which only understands ISO output; a
    // server or database configured with another DateStyle would otherwise turn every date invalid.
    // Statements are prepared (see prepareStatements) to spare a round trip, not to reuse plans: each
    // run is planned for its own values, as unprepared ones were. A generic plan doubled the sealer's
    // batch reads (`= any($1)` over the queue) in `npm run bench`.
    connection: { application_name: "countersign", DateStyle: "ISO, MDY", plan_cache_mode: "force_custom_plan" },
  });
  const client = prepareStatements(pipelineBegin(sql));
  return drizzle(tracingConfigured() ? traceQueries(client) : client, { schema, casing: "snake_case" });
}

const globalForDb = globalThis as unknown as { countersignDb?: Database };

/** The process-wide pool, created on first use from DATABASE_URL. */
export function getDb(): Database {
  if (!globalForDb.countersignDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    globalForDb.countersignDb = createDatabase(url);
  }
  return globalForDb.countersignDb;
}
