import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import postgres from "postgres";
import { loadOrCreateLocalSecrets, secretSettings } from "../../scripts/lib/local-secrets";
import { E2E_DATA_DIR, E2E_PG_PORT, E2E_PORT } from "./environment";
import { waitFor } from "./wait-for";

const require = createRequire(import.meta.url);

/**
 * A second console and a second worker for the shared e2e deployment, as an operator scales out:
 * the same database, secrets and identity provider, started as `npm start` starts its own (the
 * production console server, the worker under tsx), each with the least-privileged login it uses.
 */
export type Replica = { name: string; start: () => Promise<void>; stop: () => Promise<void>; output: () => string };

/** The login `npm start` made a member of `group` (countersign_app, countersign_sealer), by asking the database. */
async function loginOf(group: string): Promise<string> {
  const sql = await ownerSql();
  try {
    const [row] = await sql<{ login: string }[]>`
      select rolname as login from pg_roles where rolcanlogin and pg_has_role(rolname, ${group}, 'member') and not rolsuper`;
    if (!row) throw new Error(`no login is a member of ${group}`);
    return row.login;
  } finally {
    await sql.end();
  }
}

async function sharedEnvironment(): Promise<NodeJS.ProcessEnv> {
  const secrets = await loadOrCreateLocalSecrets(E2E_DATA_DIR);
  const login = async (group: string, password: string) =>
    `postgres://${await loginOf(group)}:${encodeURIComponent(password)}@127.0.0.1:${E2E_PG_PORT}/postgres`;
  return {
    ...process.env,
    ...secretSettings(secrets),
    DATABASE_URL: await login("countersign_app", secrets.appDatabasePassword),
    DATABASE_SEALER_URL: await login("countersign_sealer", secrets.sealerDatabasePassword),
    COUNTERSIGN_MODE: "demo",
    // The deployment's one checkpoint sink and log origin (from its URL), as `npm start` sets them.
    CHECKPOINT_DIR: path.join(E2E_DATA_DIR, "checkpoints"),
    APP_URL: `http://localhost:${E2E_PORT}`,
    OIDC_ISSUER: `http://localhost:${E2E_PORT + 1}`,
    OIDC_CLIENT_ID: "countersign-console",
    OIDC_CLIENT_SECRET: secrets.devIdp.clientSecret,
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

function replica(name: string, args: string[], env: () => Promise<NodeJS.ProcessEnv>, ready: () => Promise<boolean>): Replica {
  let child: ChildProcess | undefined;
  let output = "";
  return {
    name,
    output: () => output,
    async start() {
      child = spawn(process.execPath, args, { env: await env(), stdio: ["ignore", "pipe", "pipe"] });
      const keep = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-200_000));
      child.stdout?.on("data", keep);
      child.stderr?.on("data", keep);
      await waitFor(ready, 60_000, `${name} did not become ready:\n${output.slice(-2000)}`);
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGTERM");
      await exited;
    },
  };
}

/** The console on `port`, serving the build the shared deployment made; `overrides` change its environment. */
export function consoleReplica(port: number, overrides: Record<string, string> = {}): Replica {
  const url = `http://localhost:${port}`;
  const env = async (): Promise<NodeJS.ProcessEnv> => {
    const { DATABASE_SEALER_URL: _sealer, ...shared } = await sharedEnvironment();
    return { ...shared, PORT: String(port), APP_URL: url, AUTH_URL: url, NODE_ENV: "production" as const, ...overrides };
  };
  const ready = async () => (await fetch(`${url}/api/health`).catch(() => null))?.ok === true;
  return replica(`console on ${port}`, [require.resolve("tsx/cli"), "scripts/console-server.ts"], env, ready);
}

/** A worker: the sealer (as the sealer's login) and the expiry sweep, beside the shared one; `overrides` change its environment. */
export function workerReplica(overrides: Record<string, string> = {}): Replica {
  let started = false;
  const env = async () => ({ ...(await sharedEnvironment()), ...overrides });
  const worker = replica("worker", [require.resolve("tsx/cli"), "--conditions=react-server", path.join("scripts", "worker.ts")], env, async () => started);
  return {
    ...worker,
    async start() {
      // The worker serves nothing to ask; it is ready once it runs.
      started = true;
      await worker.start();
    },
  };
}

/** The deployment's database as its owner, to read what the replicas did. */
export async function ownerSql(): Promise<postgres.Sql> {
  const { postgresPassword } = await loadOrCreateLocalSecrets(E2E_DATA_DIR);
  return postgres(`postgres://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:${E2E_PG_PORT}/postgres`, { max: 2, onnotice: () => {} });
}
