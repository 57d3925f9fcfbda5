import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { E2E_DATA_DIR, E2E_PG_PORT } from "./environment";

/**
 * Every row of every table in the e2e database, as text. (The embedded server ships no pg_dump, and a
 * system pg_dump older than the server refuses to run; reading each table covers the same data.)
 */
export async function dumpDatabase(): Promise<string> {
  return withE2eDatabase(async (sql) => {
    const tables = await sql<{ name: string }[]>`select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname in ('public', 'drizzle')`;
    const parts = await Promise.all(tables.map(async ({ name }) => JSON.stringify(await sql.unsafe(`select * from ${name}`))));
    return parts.join("\n");
  });
}

/** The events of one request's stream of a type, oldest first, as stored (to check what an event recorded). */
export async function requestEvents(requestId: string, type: string): Promise<{ actor: Record<string, any>; data: Record<string, any> }[]> {
  return withE2eDatabase((sql) => sql<{ actor: Record<string, any>; data: Record<string, any> }[]>`select actor, data from events where stream_type = 'request' and stream_id = ${requestId} and type = ${type} order by id`);
}

/**
 * Makes a person's console sign-ins `seconds` older, as if they had signed in that long ago: what a
 * step-up rule measures without the test having to wait out its window.
 */
export async function ageSignIns(email: string, seconds: number): Promise<void> {
  await withE2eDatabase((sql) => sql`update sessions set auth_time = auth_time - make_interval(secs => ${seconds}) where user_id in (select id from users where email = ${email})`);
}

/** A connection to the e2e database as its owner, closed when `task` ends. */
async function withE2eDatabase<T>(task: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const { postgresPassword } = JSON.parse(readFileSync(path.join(E2E_DATA_DIR, "secrets.json"), "utf8"));
  const sql = postgres(`postgres://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:${E2E_PG_PORT}/postgres`, { max: 1, onnotice: () => {} });
  try {
    return await task(sql);
  } finally {
    await sql.end();
  }
}
