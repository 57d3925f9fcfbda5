import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { count } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createDatabase, type Database } from "../../db/client";
import { ensureLoginRole } from "../../db/login-roles";
import { oneRow } from "../../db/one-row";
import { startEmbeddedPostgres } from "../../db/embedded-server";
import { runMigrations } from "../../db/migrate";
import { actionRequests, eventChain, events } from "../../db/schema";
import { verifyEvidencePack } from "../../lib/domain/evidence-pack/verify-pack";
import { sealEvents } from "../../lib/services/seal-events";
import { getPublicJwks } from "../../lib/services/signing-keys";
import { verifyEventChain } from "../../lib/services/verify-event-chain";
import { loadOrCreateLocalSecrets, secretSettings } from "../../scripts/lib/local-secrets";
import { carol, seedAgent, submitSample, exportPackBytes } from "./fixtures";
import { freePort } from "./global-setup";
import { TEST_APP_URL } from "./test-database";
import { runCli } from "./run-cli";

const root = mkdtempSync(path.join(os.tmpdir(), "countersign-backup-"));
const source = path.join(root, "source");
const restored = path.join(root, "restored");
const backup = path.join(root, "backup");

afterAll(() => rmSync(root, { recursive: true, force: true }));

// The agent keeps writing through the backup, faster than its default rate limit allows.
vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

/** The operator's command, against the embedded database of the data folder `dataDir`. */
async function cli(args: string[], dataDir: string, port: number) {
  const env: NodeJS.ProcessEnv = { ...process.env, COUNTERSIGN_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port) };
  delete env.DATABASE_URL;
  delete env.DATABASE_MIGRATION_URL;
  return runCli(args, { env });
}

/** What `npm start` does with a data folder before serving: its database, migrated, and the console's and sealer's logins. */
async function openCountersign(dataDir: string, port: number) {
  const secrets = await loadOrCreateLocalSecrets(dataDir);
  const server = await startEmbeddedPostgres({ dir: path.join(dataDir, "postgres"), port, password: secrets.postgresPassword, temporary: true });
  await runMigrations(server.url);
  const appUrl = await ensureLoginRole(server.url, "app", secrets.appDatabasePassword);
  const sealerUrl = await ensureLoginRole(server.url, "sealer", secrets.sealerDatabasePassword);
  // The data folder's own checkpoint sink, as `npm start` sets it.
  Object.assign(process.env, { ...secretSettings(secrets), DATABASE_URL: appUrl, APP_URL: TEST_APP_URL, CHECKPOINT_DIR: path.join(dataDir, "checkpoints") });
  const db = createDatabase(appUrl, { max: 4 });
  const sealer = createDatabase(sealerUrl, { max: 1 });
  return { db, sealer, stop: async () => (await Promise.all([db.$client.end({ timeout: 5 }), sealer.$client.end({ timeout: 5 })]), await server.stop()) };
}

/** What the worker's sealer does, as its own login. */
const sealAll = async (sealer: Database) => {
  while ((await sealEvents(sealer)) > 0);
};

describe("npm run cli -- backup / restore", () => {
  it("restores a backup taken under load into a fresh data folder, whose log verifies and whose sealing resumes", async () => {
    const portA = await freePort();
    const a = await openCountersign(source, portA);
    const agent = await seedAgent(a.db);
    for (let i = 0; i < 10; i++) await submitSample(a.db, agent);
    await sealAll(a.sealer);
    const jwks = await getPublicJwks();

    // An agent keeps submitting while the backup runs, and nothing seals meanwhile: the backup
    // holds events still waiting for the sealer.
    const committed: string[] = [];
    let writing = true;
    const writer = (async () => {
      while (writing) committed.push((await submitSample(a.db, agent)).id);
    })();
    while (committed.length < 3) await new Promise((r) => setTimeout(r, 20));
    const beforeBackup = [...committed];
    const taken = await cli(["backup", backup], source, portA);
    writing = false;
    await writer;
    await a.stop();
    expect(committed.length).toBeGreaterThan(beforeBackup.length);
    expect(taken.stderr).toBe("");
    expect(taken.code).toBe(0);
    expect(JSON.parse(taken.stdout.trim())).toMatchObject({ startLsn: expect.any(String), stopLsn: expect.any(String) });
    expect(statSync(backup).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(backup, "secrets.json")).mode & 0o777).toBe(0o600);

    const portB = await freePort();
    const restore = await cli(["restore", backup], restored, portB);
    expect(restore.stderr).toBe("");
    expect(restore.code).toBe(0);
    // A data folder already holding a database is never overwritten.
    const again = await cli(["restore", backup], restored, portB);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists: restore into a fresh data folder/);

    const b = await openCountersign(restored, portB);
    try {
      const ids = (await b.db.select({ id: actionRequests.id }).from(actionRequests)).map((row) => row.id);
      expect(ids).toEqual(expect.arrayContaining(beforeBackup));
      expect(ids.length).toBeGreaterThanOrEqual(10 + beforeBackup.length);

      const atRestore = await verifyEventChain(b.db, carol);
      expect(atRestore).toMatchObject({ ok: true });
      expect(atRestore.unsealed).toBeGreaterThan(0);

      // The worker's sealer picks up where the original stopped: a dense chain over every event.
      await sealAll(b.sealer);
      const sealed = await verifyEventChain(b.db, carol);
      expect(sealed).toMatchObject({ ok: true, unsealed: 0, checked: atRestore.checked + atRestore.unsealed });
      const [all, links] = await Promise.all([b.db.select({ n: count() }).from(events).then(oneRow), b.db.select({ n: count() }).from(eventChain).then(oneRow)]);
      expect(links.n).toBe(all.n);

      // The signing key came back with it: a pack from the restored console verifies against the original's keys.
      const pack = await exportPackBytes(b.db, carol);
      const report = await verifyEvidencePack(pack, { trustedKeys: jwks });
      expect(report.checks.filter((check) => !check.ok)).toEqual([]);
      expect(report.ok).toBe(true);
    } finally {
      await b.stop();
    }
  }, 120_000);
});
