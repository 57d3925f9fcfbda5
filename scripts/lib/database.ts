import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres } from "../../db/embedded-server";
import type { LocalSecrets } from "./local-secrets";

export const EMBEDDED_PG_PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);

/** `url` is the owner's connection: migrations, seeding and operator commands use it. */
export type DatabaseHandle = { url: string; embedded: boolean; stop: () => Promise<void> };

/**
 * DATABASE_URL (or DATABASE_MIGRATION_URL, the owner, when the app's login is least-privileged) when set; otherwise the embedded server under the data folder. When another process
 * (a running `npm start`) already serves the embedded database, it is used as is rather than started twice.
 */
export async function openDatabase(dir: string, secrets: LocalSecrets, log: (line: string) => void = () => {}): Promise<DatabaseHandle> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_MIGRATION_URL ?? process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const url = `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${EMBEDDED_PG_PORT}/postgres`;
  const port = await probe(url);
  if (port === "ours") return { url, embedded: true, stop: async () => {} };
  if (port === "taken") {
    // Starting our own server there would only fail, with nothing to say why.
    throw new Error(
      `port ${EMBEDDED_PG_PORT} on 127.0.0.1 is served by another PostgreSQL (or another program) that does not accept the credentials of ${path.resolve(dir)}. ` +
        "Stop that server, or set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL to a database of your own.",
    );
  }
  const server = await startEmbeddedPostgres({ dir: path.join(dir, "postgres"), port: EMBEDDED_PG_PORT, password: secrets.postgresPassword, log });
  return { url: server.url, embedded: true, stop: server.stop };
}

/** Whether the embedded port is served by this data folder's server, by nothing, or by something else. */
async function probe(url: string): Promise<"ours" | "free" | "taken"> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return "ours";
  } catch (error) {
    return (error as { code?: unknown }).code === "ECONNREFUSED" ? "free" : "taken";
  } finally {
    await sql.end({ timeout: 1 });
  }
}
