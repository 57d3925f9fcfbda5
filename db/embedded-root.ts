import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { chmod, chown, cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { ServerBinaries } from "./embedded-binaries";

/**
 * Run as root, PostgreSQL must run as another user, `postgres`, which cannot be assumed to reach
 * anything inside the caller's folders: a clone in /root or under `mktemp -d` is closed to it.
 * Instead of opening those folders, everything the server touches lives here, in a system folder
 * made for it: a private copy of the server programs (readable by all, as any installed program)
 * and one data directory per data folder, owned by `postgres`, mode 0700.
 */
export const SERVER_HOME = "/var/lib/countersign";

export type ServerUser = { uid: number; gid: number };

const run = promisify(execFile);

export async function rootlessPlacement(binaries: ServerBinaries, dir: string, log: (line: string) => void) {
  const user = await ensureServerUser();
  await mkdir(path.join(SERVER_HOME, "clusters"), { recursive: true, mode: 0o755 });
  return { binaries: await privateServerCopy(binaries), dataDir: await serverDataDir(dir, user, log), user };
}

/** The `postgres` system user, created (no home, no shell) if the machine has none. */
async function ensureServerUser(): Promise<ServerUser> {
  const lookup = async () => ({ uid: Number((await run("id", ["-u", "postgres"])).stdout), gid: Number((await run("id", ["-g", "postgres"])).stdout) });
  try {
    return await lookup();
  } catch {
    // Another start may be creating it at the same moment; the second lookup settles either way.
    await run("groupadd", ["--system", "postgres"]).catch(() => {});
    await run("useradd", ["--system", "--gid", "postgres", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "postgres"]).catch(() => {});
    return lookup();
  }
}

/**
 * bin/, lib/ and share/ copied once per package version. The copy is made beside its final name and
 * renamed into place, so a concurrent start sees either no copy or a complete one.
 */
async function privateServerCopy(binaries: ServerBinaries): Promise<ServerBinaries> {
  const pkg = JSON.parse(readFileSync(path.join(binaries.root, "..", "package.json"), "utf8")) as { name: string; version: string };
  const target = path.join(SERVER_HOME, `${pkg.name.replace(/^@/, "").replace(/\//g, "-")}-${pkg.version}`);
  const relocate = (file: string) => path.join(target, path.relative(binaries.root, file));
  if (!(await exists(target))) {
    const staging = await mkdtemp(path.join(SERVER_HOME, ".copy-"));
    try {
      await chmod(staging, 0o755);
      for (const part of ["bin", "lib", "share"]) {
        await cp(path.join(binaries.root, part), path.join(staging, part), { recursive: true, verbatimSymlinks: true });
      }
      await rename(staging, target);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      if (!(await exists(target))) throw error;
    }
  }
  return { root: target, initdb: relocate(binaries.initdb), postgres: relocate(binaries.postgres) };
}

/**
 * The data directory for the data folder `dir`: `dir` itself if it already is a real directory (made
 * by an earlier version), else a directory under SERVER_HOME to which `dir` is a symbolic link. Its
 * name is derived from `dir`'s path; one left without its link (the data folder was deleted to start
 * afresh) is removed rather than revived.
 */
async function serverDataDir(dir: string, user: ServerUser, log: (line: string) => void): Promise<string> {
  if ((await lstat(dir).catch(() => null))?.isDirectory()) return dir;
  await mkdir(path.dirname(dir), { recursive: true });
  const identity = path.join(await realpath(path.dirname(dir)), path.basename(dir));
  const target = path.join(SERVER_HOME, "clusters", createHash("sha256").update(identity).digest("hex").slice(0, 16));
  // The link is made first, and only by one of two processes starting at once; the other follows it.
  const linked = await symlink(target, dir).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "EEXIST") return false;
      throw error;
    },
  );
  if (!linked) {
    const existing = path.resolve(path.dirname(dir), await readlink(dir));
    await ownedDirectory(existing, user);
    return existing;
  }
  if (await exists(target)) {
    log(`removing ${target}: its data folder ${identity} no longer linked to it`);
    await rm(target, { recursive: true, force: true });
  }
  await ownedDirectory(target, user);
  await writeFile(`${target}${OWNER_SUFFIX}`, identity, { mode: 0o644 });
  await removeAbandonedClusters(log);
  return target;
}

/** Beside each cluster, the data folder it belongs to, so one whose folder is gone can be found. */
const OWNER_SUFFIX = ".owner";

/**
 * Clusters whose data folder no longer exists at all (a deleted clone, a finished test run in a
 * temporary folder) are removed, so they do not pile up under SERVER_HOME. A folder that still exists
 * keeps its cluster, whatever it links to now; a cluster with no owner file is never touched.
 */
async function removeAbandonedClusters(log: (line: string) => void): Promise<void> {
  const clusters = path.join(SERVER_HOME, "clusters");
  for (const name of await readdir(clusters)) {
    if (!name.endsWith(OWNER_SUFFIX)) continue;
    const owner = await readFile(path.join(clusters, name), "utf8").catch(() => null);
    if (owner === null || (await exists(owner))) continue;
    const cluster = path.join(clusters, name.slice(0, -OWNER_SUFFIX.length));
    log(`removing ${cluster}: its data folder ${owner} no longer exists`);
    await rm(cluster, { recursive: true, force: true });
    await rm(path.join(clusters, name), { force: true });
  }
}

async function ownedDirectory(dir: string, user: ServerUser) {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chown(dir, user.uid, user.gid);
}

const exists = (file: string) => lstat(file).then(() => true, () => false);
