import "server-only";
import postgres from "postgres";
import { oneRow } from "./one-row";

export const APP_LOGIN_ROLE = "countersign";

/**
 * Ensures the login role the console and worker use on the embedded database: a member of
 * countersign_app (created by migration 0002), which may only INSERT into the event log. Returns a
 * connection URL for it. The owner URL stays with migrations, seeding and the CLI.
 */
export async function ensureAppLoginRole(ownerUrl: string, password: string): Promise<string> {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [existing] = await sql`select 1 from pg_roles where rolname = ${APP_LOGIN_ROLE}`;
    // Identifiers and passwords cannot be bind parameters in role DDL; both are ours, and the
    // password is quoted with PostgreSQL's own literal quoting.
    const { literal } = oneRow(await sql<{ literal: string }[]>`select quote_literal(${password}) as literal`);
    await sql.unsafe(`${existing ? "ALTER" : "CREATE"} ROLE ${APP_LOGIN_ROLE} WITH LOGIN PASSWORD ${literal}`);
    await sql.unsafe(`GRANT countersign_app TO ${APP_LOGIN_ROLE}`);
  } finally {
    await sql.end();
  }
  const url = new URL(ownerUrl);
  url.username = APP_LOGIN_ROLE;
  url.password = encodeURIComponent(password);
  return url.toString();
}
