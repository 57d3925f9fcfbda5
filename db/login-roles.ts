import "server-only";
import postgres from "postgres";
import { oneRow } from "./one-row";

/**
 * The login roles Countersign's own processes use on the embedded database, each a member of one
 * NOLOGIN role that the migrations create and grant: the console and the worker's other tasks log in
 * as members of countersign_app (0002), the worker's sealer as a member of countersign_sealer (0005).
 * Tests add a reader. The owner URL stays with migrations, seeding and the CLI.
 */
export const LOGIN_ROLES = {
  app: { login: "countersign", group: "countersign_app" },
  sealer: { login: "countersign_sealer_login", group: "countersign_sealer" },
  reader: { login: "countersign_reader_login", group: "countersign_reader" },
} as const;

/** Ensures `kind`'s login role with `password`, and returns a connection URL for it. */
export async function ensureLoginRole(ownerUrl: string, kind: keyof typeof LOGIN_ROLES, password: string): Promise<string> {
  const { login, group } = LOGIN_ROLES[kind];
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [existing] = await sql`select 1 from pg_roles where rolname = ${login}`;
    // Identifiers and passwords cannot be bind parameters in role DDL; both are ours, and the
    // password is quoted with PostgreSQL's own literal quoting.
    const { literal } = oneRow(await sql<{ literal: string }[]>`select quote_literal(${password}) as literal`);
    await sql.unsafe(`${existing ? "ALTER" : "CREATE"} ROLE ${login} WITH LOGIN PASSWORD ${literal}`);
    await sql.unsafe(`GRANT ${group} TO ${login}`);
  } finally {
    await sql.end();
  }
  const url = new URL(ownerUrl);
  url.username = login;
  url.password = encodeURIComponent(password);
  return url.toString();
}
