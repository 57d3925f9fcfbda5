import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { E2E_DATA_DIR, E2E_PG_PORT } from "./environment";

/**
 * Every row of every table in the e2e database, as text. (The embedded server ships no pg_dump, and a
 * system pg_dump older than the server refuses to run; reading each table covers the same data.)
 */
export async function dumpDatabase(): Promise<string> {
  const { postgresPassword } = JSON.parse(readFileSync(path.join(E2E_DATA_DIR, "secrets.json"), "utf8"));
  const sql = postgres(`postgres://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:${E2E_PG_PORT}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ name: string }[]>`select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname in ('public', 'drizzle')`;
    const parts = await Promise.all(tables.map(async ({ name }) => JSON.stringify(await sql.unsafe(`select * from ${name}`))));
    return parts.join("\n");
  } finally {
    await sql.end();
  }
}
