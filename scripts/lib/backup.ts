import { copyFile, lstat, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { restoreBaseBackup, takeBaseBackup, type BaseBackupResult } from "../../db/base-backup";
import { embeddedPlacement, startEmbeddedPostgres } from "../../db/embedded-server";
import { EMBEDDED_PG_PORT, openDatabase } from "./database";
import { loadOrCreateLocalSecrets } from "./local-secrets";

/**
 * `npm run cli -- backup DIR` / `restore DIR` for the embedded database. A backup folder holds
 * `data/` (an online base backup of the whole cluster, see db/base-backup.ts) and `secrets.json`,
 * without which the restored data is of little use: the database's own passwords, the masking key
 * that keeps fingerprints comparable and the key that signed grants and packs. Keep it as you keep
 * the secrets (it is made 0700).
 */
export async function backupEmbedded(dir: string, target: string): Promise<BaseBackupResult> {
  if (process.env.DATABASE_URL) {
    throw new Error("backup copies the embedded database's files; for a server of your own use its pg_basebackup or pg_dump (see the README)");
  }
  const handle = await openDatabase(dir, await loadOrCreateLocalSecrets(dir));
  try {
    await mkdir(target, { mode: 0o700 });
    const result = await takeBaseBackup(handle.url, path.join(target, "data"));
    await copyFile(path.join(dir, "secrets.json"), path.join(target, "secrets.json"));
    return result;
  } finally {
    await handle.stop();
  }
}

/**
 * Restores a backup folder into the data folder `dir`, which must hold no database yet, then starts
 * and stops the server once: that start replays the backup's log, so a backup that cannot be
 * restored is reported now rather than at the next `npm start`.
 */
export async function restoreEmbedded(dir: string, backup: string): Promise<{ dataDir: string; files: number }> {
  const target = path.join(dir, "postgres");
  if (await lstat(target).catch(() => null)) throw new Error(`${target} exists: restore into a fresh data folder (COUNTERSIGN_DATA_DIR), or move it aside`);
  const backupSecrets = await readFile(path.join(backup, "secrets.json"), "utf8");
  const localSecrets = await readFile(path.join(dir, "secrets.json"), "utf8").catch(() => null);
  if (localSecrets === null) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await copyFile(path.join(backup, "secrets.json"), path.join(dir, "secrets.json"));
  } else if (localSecrets !== backupSecrets) {
    throw new Error(`${path.join(dir, "secrets.json")} holds other secrets than the backup: restore into a fresh data folder (COUNTERSIGN_DATA_DIR)`);
  }
  const placement = await embeddedPlacement(target);
  const files = await restoreBaseBackup(path.join(backup, "data"), placement.dataDir, placement.user);
  const secrets = await loadOrCreateLocalSecrets(dir);
  const server = await startEmbeddedPostgres({ dir: target, port: EMBEDDED_PG_PORT, password: secrets.postgresPassword });
  await server.stop();
  return { dataDir: placement.dataDir, files };
}
