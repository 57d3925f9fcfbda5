import "server-only";
import { link, mkdir, readdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Hash } from "@/lib/domain/merkle/tree-hash";

/**
 * A directory that receives every checkpoint, for a WORM-mounted volume or a synced bucket: files are
 * only ever added, never rewritten. Checkpoint n is `<n>.checkpoint` (the signed note) beside
 * `<n>.leaves` (the hex leaf hashes it adds to the previous one, one a line), so an auditor holding
 * the directory can rebuild every root and name the first event a rewritten log changed. A heartbeat
 * (the same tree signed again later) is `<n>.<unix seconds>.heartbeat`. Numbers are zero-padded so
 * names sort in order.
 */
const padded = (n: number, width = 16) => String(n).padStart(width, "0");
const fileName = (size: number, kind: "checkpoint" | "leaves") => `${padded(size)}.${kind}`;

export type SinkCheckpoint = { size: number; note: string };

/** The notes in the sink, smallest first. */
async function listSinkCheckpoints(dir: string): Promise<SinkCheckpoint[]> {
  const names = (await readdir(dir).catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? [] : Promise.reject(error))))
    .filter((name) => /^[0-9]{16}\.checkpoint$/.test(name))
    .sort();
  return Promise.all(names.map(async (name) => ({ size: Number(name.slice(0, 16)), note: await readFile(path.join(dir, name), "utf8") })));
}

export async function lastSinkCheckpoint(dir: string): Promise<SinkCheckpoint | null> {
  return (await listSinkCheckpoints(dir)).at(-1) ?? null;
}

/** Every leaf hash published up to `size`, in order, read from the leaves files. */
export async function readSinkLeaves(dir: string, size: number): Promise<Hash[]> {
  const names = (await readdir(dir)).filter((name) => /^[0-9]{16}\.leaves$/.test(name) && Number(name.slice(0, 16)) <= size).sort();
  const leaves: Hash[] = [];
  for (const name of names) {
    for (const line of (await readFile(path.join(dir, name), "utf8")).split("\n")) if (line) leaves.push(Buffer.from(line, "hex"));
  }
  return leaves;
}

/** Adds checkpoint `size` with the leaves since the previous one; refuses to replace a file already there. */
export async function writeSinkCheckpoint(dir: string, size: number, note: string, newLeaves: readonly Hash[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await addFile(dir, fileName(size, "leaves"), newLeaves.map((leaf) => `${leaf.toString("hex")}\n`).join(""));
  await addFile(dir, fileName(size, "checkpoint"), note);
}

/** Adds a heartbeat of checkpoint `size`: its tree signed again at `signedAt`. */
export async function writeSinkHeartbeat(dir: string, size: number, signedAt: Date, note: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await addFile(dir, `${padded(size)}.${padded(Math.floor(signedAt.getTime() / 1000), 12)}.heartbeat`, note);
}

/** Written aside, then linked into place: a reader never sees half a file, and link() fails rather than overwrite. */
async function addFile(dir: string, name: string, content: string): Promise<void> {
  const temporary = path.join(dir, `.${name}.${process.pid}.tmp`);
  await writeFile(temporary, content, { mode: 0o644 });
  try {
    await link(temporary, path.join(dir, name));
  } finally {
    await unlink(temporary);
  }
}
