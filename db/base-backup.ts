import { randomBytes } from "node:crypto";
import { chown, copyFile, lstat, mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import type { ServerUser } from "./embedded-root";
import { oneRow } from "./one-row";

/**
 * PostgreSQL's own online backup, by its low-level API: the cluster's files copied between
 * pg_backup_start and pg_backup_stop while it keeps serving, then the write-ahead log that covers the
 * copy, and the backup_label the server returns. Started from these files, the server replays that
 * log and is consistent as of the end of the backup. This is what pg_basebackup does; it is done here
 * because the embedded server ships no client programs, and the system's are older than it.
 */
export type BaseBackupResult = { startLsn: string; stopLsn: string; files: number };

/**
 * What a base backup leaves out, as pg_basebackup does: the contents of folders the server rebuilds
 * or that belong to the running process, the write-ahead log (copied on its own, after the files), and
 * the running server's own files (its pid file, sockets and their locks, caches).
 */
const SKIP_CONTENTS = new Set(["pg_wal", "pg_stat_tmp", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans"]);
const SKIP_FILES = new Set(["postmaster.pid", "postmaster.opts", "pg_internal.init", "backup_label", "backup_label.old", "tablespace_map", "current_logfiles"]);
const skipped = (name: string) => SKIP_FILES.has(name) || name.startsWith(".s.PGSQL.") || name.startsWith("pgsql_tmp");

/**
 * Copies the cluster at `ownerUrl` (a superuser's connection on the same machine, which can read the
 * data directory) into `target`, which must not exist yet.
 */
export async function takeBaseBackup(ownerUrl: string, target: string): Promise<BaseBackupResult> {
  // The backup belongs to this session: one connection, held from start to stop.
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const { dataDirectory } = oneRow(await sql<{ dataDirectory: string }[]>`select current_setting('data_directory') as "dataDirectory"`);
    await mkdir(target, { mode: 0o700 });
    // A temporary slot keeps every segment from here on until the session ends, so no checkpoint
    // during the copy can recycle the log the backup needs.
    const slot = `countersign_backup_${randomBytes(6).toString("hex")}`;
    await sql`select pg_create_physical_replication_slot(${slot}, true, true)`;
    const { startLsn } = oneRow(await sql<{ startLsn: string }[]>`select pg_backup_start(${"countersign backup"}, true)::text as "startLsn"`);
    let files = await copyTree(dataDirectory, target, { skipContents: SKIP_CONTENTS, skip: skipped });
    // Without archiving there is nothing to wait for: the log is copied below, after the stop.
    const stop = oneRow(
      await sql<{ stopLsn: string; labelfile: string; spcmapfile: string }[]>`
      select lsn::text as "stopLsn", labelfile, spcmapfile from pg_backup_stop(false)`,
    );
    await writeFile(path.join(target, "backup_label"), stop.labelfile, { mode: 0o600 });
    if (stop.spcmapfile) await writeFile(path.join(target, "tablespace_map"), stop.spcmapfile, { mode: 0o600 });
    files += await copyTree(path.join(dataDirectory, "pg_wal"), path.join(target, "pg_wal"), { skipContents: new Set(["archive_status"]), skip: () => false });
    const { first, last } = oneRow(
      await sql<{ first: string; last: string }[]>`
      select pg_walfile_name(${startLsn}::pg_lsn) as first, pg_walfile_name(${stop.stopLsn}::pg_lsn) as last`,
    );
    for (const segment of [first, last]) {
      if (!(await lstat(path.join(target, "pg_wal", segment)).catch(() => null))) {
        throw new Error(`the backup is incomplete: write-ahead log segment ${segment} was not copied`);
      }
    }
    return { startLsn, stopLsn: stop.stopLsn, files };
  } finally {
    await sql.end();
  }
}

/**
 * Copies `source` into `target` (made 0700), keeping each file's mode and giving everything to
 * `owner` when set. A file or folder that vanishes mid-copy (a table or database dropped during an
 * online backup) is skipped: the log replayed at restore drops it too.
 */
async function copyTree(
  source: string,
  target: string,
  opts: { skipContents?: Set<string>; skip?: (name: string) => boolean; owner?: ServerUser },
): Promise<number> {
  let copied = 0;
  await mkdir(target, { recursive: true, mode: 0o700 });
  if (opts.owner) await chown(target, opts.owner.uid, opts.owner.gid);
  const entries = await readdir(source, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  for (const entry of entries) {
    if (opts.skip?.(entry.name)) continue;
    const from = path.join(source, entry.name);
    const to = path.join(target, entry.name);
    if (entry.isDirectory()) {
      // An empty folder stands in for one whose contents are left out.
      const leaveEmpty = opts.skipContents?.has(entry.name);
      copied += await copyTree(from, to, { skip: leaveEmpty ? () => true : opts.skip, owner: opts.owner });
    } else if (entry.isFile()) {
      try {
        await copyFile(from, to);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
        throw error;
      }
      if (opts.owner) await chown(to, opts.owner.uid, opts.owner.gid);
      copied += 1;
    }
  }
  return copied;
}

/**
 * Puts a base backup in place as the data directory `dataDir` (empty or missing), owned by `owner`
 * when set. The server, at its next start, replays the log from the backup_label on and opens
 * consistent as of the end of the backup.
 */
export async function restoreBaseBackup(backup: string, dataDir: string, owner?: ServerUser): Promise<number> {
  if (!(await lstat(path.join(backup, "backup_label")).catch(() => null))) throw new Error(`${backup} holds no base backup (no backup_label)`);
  if ((await readdir(dataDir).catch(() => [])).length > 0) throw new Error(`${dataDir} is not empty`);
  return copyTree(backup, dataDir, { owner });
}
