import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import postgres from "postgres";
import { E2E_PG_PORT, E2E_PORT } from "./environment";
import { waitFor } from "./wait-for";

const require = createRequire(import.meta.url);

/**
 * A second `npm start` of its own (console on E2E_PORT + 2, its identity provider on + 3, PostgreSQL
 * on E2E_PG_PORT + 1, data under .test-data/e2e-own), for specs that break things, such as stopping
 * the database, which the shared instance must survive.
 */
export type OwnServer = {
  url: string;
  logFile: string;
  /** The owner's connection to its database, while the database runs. */
  sql: () => postgres.Sql;
  /** Fast shutdown of its PostgreSQL (the console and worker keep running). */
  stopPostgres: () => Promise<void>;
  stop: () => Promise<void>;
};

export async function startOwnServer(): Promise<OwnServer> {
  const port = E2E_PORT + 2;
  const pgPort = E2E_PG_PORT + 1;
  const dir = path.resolve(".test-data/e2e-own");
  const logFile = path.join(dir, "server.log");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const child: ChildProcess = spawn(process.execPath, [require.resolve("tsx/cli"), "--conditions=react-server", "scripts/start.ts"], {
    env: { ...process.env, PORT: String(port), DEV_IDP_PORT: String(port + 1), EMBEDDED_PG_PORT: String(pgPort), COUNTERSIGN_DATA_DIR: dir, COUNTERSIGN_LOG_FILE: logFile },
    stdio: "ignore",
  });
  const url = `http://localhost:${port}`;
  await waitFor(async () => (await fetch(`${url}/api/health`)).ok, 240_000, "the second npm start did not become healthy");
  const ownerUrl = () => {
    const { postgresPassword } = JSON.parse(readFileSync(path.join(dir, "secrets.json"), "utf8"));
    return `postgres://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:${pgPort}/postgres`;
  };
  return {
    url,
    logFile,
    sql: () => postgres(ownerUrl(), { max: 1, onnotice: () => {} }),
    async stopPostgres() {
      const pid = Number(readFileSync(path.join(dir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
      process.kill(pid, "SIGINT");
      await waitFor(async () => !(await fetch(`${url}/api/health`)).ok, 30_000, "its console still reported healthy with PostgreSQL stopped");
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
