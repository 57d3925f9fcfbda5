/**
 * `npm start`: everything Countersign needs on one machine, in order: secrets, PostgreSQL, migrations,
 * demo seed, the development identity provider, a production build if stale, then the console and
 * the worker. Ctrl-C stops everything; a second start reuses the data. Apart from the greeting, all
 * that it and its children print leaves as sanitised JSON log lines on standard output (and in
 * COUNTERSIGN_LOG_FILE).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { ensureLoginRole } from "../db/login-roles";
import { createDatabase } from "../db/client";
import { runMigrations } from "../db/migrate";
import { parseCustomFieldsSetting, parseCustomPatternsSetting } from "../lib/config";
import { settingsFromFiles } from "../lib/setting-files";
import { createMasker } from "../lib/domain/masking";
import { startDevIdentityProvider } from "../lib/dev-idp/server";
import { DEMO_USERS } from "../lib/dev-idp/demo-users";
import { routeConsoleToLogger } from "../lib/logging/console-to-logger";
import { configureLogger, log, relayLine, type LogLevel } from "../lib/logging/logger";
import { ensureDefaultPolicy, seedDemo } from "../lib/services/seed-demo";
import { startChatStandIns, type ChatStandIns } from "./lib/chat-stand-ins";
import { openDatabase } from "./lib/database";
import { dataDir, loadOrCreateLocalSecrets, secretSettings } from "./lib/local-secrets";
import { ensureProductionBuild } from "./lib/production-build";
import { supervise, type Supervised } from "./lib/supervise";
import { workerNodeOptions } from "./lib/worker-node-options";

const require = createRequire(import.meta.url);
const devMode = process.argv.includes("--dev");
/** COUNTERSIGN_LOG_FILE: also append every log line (the launcher's, the console's, the worker's) to this file. */
const logFile = process.env.COUNTERSIGN_LOG_FILE ? createWriteStream(process.env.COUNTERSIGN_LOG_FILE, { flags: "a", mode: 0o600 }) : null;
configureLogger({
  write: (line) => {
    process.stdout.write(`${line}\n`);
    logFile?.write(`${line}\n`);
  },
});
// The development identity provider and the embedded database print through `console` in this process.
routeConsoleToLogger("launcher");
const info = (line: string) => log.info(line, { source: "launcher" });

async function main() {
  const port = Number(process.env.PORT ?? 3000);
  const appUrl = (process.env.APP_URL ?? `http://localhost:${port}`).replace(/\/$/, "");
  const demo = !process.env.OIDC_ISSUER;
  // Keys and secrets given as files (NAME_FILE) become settings here, for this process and its children.
  Object.assign(process.env, settingsFromFiles(process.env));
  const dir = dataDir();
  const secrets = await loadOrCreateLocalSecrets(dir);
  const stops: (() => Promise<void>)[] = [];
  const children: Supervised[] = [];

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    info("Stopping…");
    await Promise.all(children.map((child) => child.stop()));
    for (const stop of stops.reverse()) await stop().catch(() => {});
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    const database = await openDatabase(dir, secrets);
    stops.push(database.stop);
    info(database.embedded ? `PostgreSQL (embedded) under ${path.join(dir, "postgres")}` : "PostgreSQL from DATABASE_URL");
    await runMigrations(database.url);
    // The console and worker connect with least privilege: on the embedded server a login role of
    // countersign_app, which can only INSERT into the event log; elsewhere whatever DATABASE_URL names.
    // The worker's sealer alone connects as a member of countersign_sealer, which writes the chain.
    const appDatabaseUrl = database.embedded ? await ensureLoginRole(database.url, "app", secrets.appDatabasePassword) : process.env.DATABASE_URL!;
    const sealerDatabaseUrl = database.embedded ? await ensureLoginRole(database.url, "sealer", secrets.sealerDatabasePassword) : process.env.DATABASE_SEALER_URL;
    if (!sealerDatabaseUrl) throw new Error("DATABASE_SEALER_URL is not set: with DATABASE_URL, name a login that is a member of countersign_sealer for the sealer (see the README's configuration)");

    // The console never holds the sealer's rights, whatever the operator's environment carries.
    const { DATABASE_SEALER_URL: _sealerUrl, ...inherited } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      DATABASE_URL: appDatabaseUrl,
      APP_URL: appUrl,
      AUTH_URL: process.env.AUTH_URL ?? appUrl,
      ...secretSettings(secrets),
      COUNTERSIGN_MODE: demo ? "demo" : "production",
      CHECKPOINT_DIR: process.env.CHECKPOINT_DIR ?? path.join(dir, "checkpoints"),
      EVIDENCE_EXPORT_DIR: process.env.EVIDENCE_EXPORT_DIR ?? path.join(dir, "exports"),
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: "1",
    };
    // Fail at start, with the pattern or field named, rather than on the first request.
    createMasker({
      key: env.MASKING_KEY!,
      customPatterns: parseCustomPatternsSetting(env.MASKING_CUSTOM_PATTERNS),
      customFields: parseCustomFieldsSetting(env.MASKING_CUSTOM_FIELDS),
    });
    // The seed below runs verbs in this process, configured like the console.
    Object.assign(process.env, { ...secretSettings(secrets), APP_URL: appUrl, DATABASE_URL: appDatabaseUrl });

    let keyFile: string | null = null;
    let chatStandIns: ChatStandIns | null = null;
    if (demo) {
      const idpPort = Number(process.env.DEV_IDP_PORT ?? port + 1);
      const issuer = `http://localhost:${idpPort}`;
      const idp = await startDevIdentityProvider({
        port: idpPort,
        issuer,
        clientId: "countersign-console",
        clientSecret: secrets.devIdp.clientSecret,
        redirectUris: [`${appUrl}/api/auth/callback/oidc`],
        cookieKeys: secrets.devIdp.cookieKeys,
        jwks: secrets.devIdp.jwks,
      });
      stops.push(idp.stop);
      Object.assign(env, { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: "countersign-console", OIDC_CLIENT_SECRET: secrets.devIdp.clientSecret });
      // The Slack and Teams stand-ins, for providers not configured for real (scripts/lib/chat-stand-ins.ts).
      chatStandIns = await startChatStandIns({ port, appUrl });
      stops.push(chatStandIns.stop);
      Object.assign(env, chatStandIns.env);
      keyFile = path.join(dir, "demo-agent.key");
      const db = createDatabase(database.url, { max: 2 });
      try {
        const key = await seedDemo(db, !existsSync(keyFile));
        if (key) writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
        await chatStandIns.seed(db);
      } finally {
        await db.$client.end();
      }
    } else {
      const db = createDatabase(database.url, { max: 1 });
      await ensureDefaultPolicy(db).finally(() => db.$client.end());
    }

    if (!devMode) ensureProductionBuild(info);
    const next = require.resolve("next/dist/bin/next");
    // A crashed console or worker is started again (their state is in PostgreSQL); one that keeps
    // crashing stops everything, loudly.
    const keep = (name: string, args: string[], childEnv: NodeJS.ProcessEnv) =>
      supervise({
        name,
        start: () => spawnChild(name, process.execPath, args, childEnv),
        onRestart: ({ code, signal, inMs }) => log.error(`The ${name} exited unexpectedly (${signal ?? `code ${code}`}); starting it again in ${inMs} ms`, { source: "launcher" }),
        giveUp: ({ code, signal }) => {
          log.error(`The ${name} keeps exiting (last: ${signal ?? `code ${code}`}); stopping everything`, { source: "launcher" });
          void shutdown(1);
        },
      });
    const consoleArgs = devMode ? [next, "dev", "-p", String(port)] : [require.resolve("tsx/cli"), "scripts/console-server.ts"];
    // Only the worker signs checkpoints and webhooks: the console gets the public halves, to verify and show them.
    const { CHECKPOINT_KEY: checkpointKey, WEBHOOK_KEY: webhookKey, ...consoleEnv } = env;
    Object.assign(consoleEnv, {
      CHECKPOINT_PUBLIC_KEY: process.env.CHECKPOINT_PUBLIC_KEY ?? publicJwkOf(checkpointKey!),
      WEBHOOK_PUBLIC_KEY: process.env.WEBHOOK_PUBLIC_KEY ?? publicJwkOf(webhookKey!),
    });
    children.push(keep("console", consoleArgs, devMode ? consoleEnv : { ...consoleEnv, PORT: String(port), NODE_ENV: "production" }));
    children.push(keep("worker", [require.resolve("tsx/cli"), "--conditions=react-server", "scripts/worker.ts"], { ...env, DATABASE_SEALER_URL: sealerDatabaseUrl, NODE_OPTIONS: workerNodeOptions(env.NODE_OPTIONS) }));

    await waitForHealth(`http://localhost:${port}/api/health`);
    log.info(`Countersign is running: ${appUrl}`, { source: "launcher", url: appUrl, demo });
    // The greeting is for the person who started it, not a log line: the sanitiser would rightly mask
    // the demo logins' emails, so it goes to standard output only, never to COUNTERSIGN_LOG_FILE.
    // A stand-in that cannot reach the console is worth a loud line, not a stopped demo.
    await chatStandIns?.afterConsoleStarts().catch((error: unknown) => log.error("A chat stand-in could not reach the console", { source: "launcher", error }));
    process.stdout.write(`${banner(appUrl, demo, keyFile, chatStandIns?.bannerLines ?? [])}\n`);
  } catch (error) {
    log.error("Start failed", { source: "launcher", error });
    await shutdown(1);
  }
}

/**
 * A child whose every output line passes through the sanitiser again on its way out: the console's and
 * worker's own records keep their fields, and anything that bypassed their logger is wrapped and cleaned.
 */
function spawnChild(source: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const relay = (stream: Readable, level: LogLevel) => createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => line.trim() && relayLine(line, level, { source }));
  relay(child.stdout!, "info");
  relay(child.stderr!, "error");
  return child;
}

async function waitForHealth(url: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the console did not answer at ${url}`);
}

function banner(appUrl: string, demo: boolean, keyFile: string | null, chatLines: string[]): string {
  const lines = ["", `  Countersign is running: ${appUrl}`, ""];
  if (demo) {
    lines.push("  Demo mode: sign in through the bundled development identity provider (password: demo)");
    for (const user of DEMO_USERS) lines.push(`    ${user.email.padEnd(20)} ${user.groups.join(", ")}`);
    lines.push("", `  Demo agent key: ${keyFile} (shown once; keep it secret)`);
    if (chatLines.length) lines.push("", ...chatLines);
  }
  lines.push("", "  Ctrl-C stops everything.", "");
  return lines.join("\n");
}

function publicJwkOf(privateJwk: string): string {
  const { d: _private, ...publicPart } = JSON.parse(privateJwk) as Record<string, unknown>;
  return JSON.stringify(publicPart);
}

void main();
