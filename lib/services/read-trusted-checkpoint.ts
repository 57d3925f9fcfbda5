import "server-only";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { PACK_FILES, type PackCheckpoints } from "@/lib/domain/evidence-pack/format";
import type { TrustedCheckpoint } from "@/lib/domain/evidence-pack/verify-log";
import { createLeavesReader } from "@/lib/domain/evidence-pack/leaf-store";
import { zipBytesSource } from "@/lib/domain/evidence-pack/zip-source";
import type { Hash } from "@/lib/domain/merkle/tree-hash";
import { lastSinkCheckpoint, readSinkLeaves } from "./checkpoint-sink";

/**
 * The checkpoint an auditor kept, for `verify --trusted-checkpoint FILE`, from what they are likely to
 * hold: the sink directory (its last checkpoint), one `.checkpoint` note (with the leaves published
 * beside it, if it sits in the sink), or a previous evidence pack (its newest checkpoint and leaves).
 * Leaves come along when there are enough of them to cover the checkpoint, so a mismatch can be named
 * by seq; whether they really rebuild its root is the verifier's to check, not this reader's.
 */
export async function readTrustedCheckpoint(file: string): Promise<TrustedCheckpoint> {
  if ((await stat(file)).isDirectory()) {
    const last = await lastSinkCheckpoint(file);
    if (!last) throw new Error(`${file} holds no checkpoint`);
    return { note: last.note, leaves: covering(await readSinkLeaves(file, last.size), last.size), source: `the sink's checkpoint ${last.size}` };
  }
  const bytes = await readFile(file);
  if (bytes.subarray(0, 4).equals(Buffer.from("PK\x03\x04", "latin1"))) return fromPack(bytes, file);
  const note = bytes.toString("utf8");
  const size = Number(/^[^\n]*\n([0-9]+)\n/.exec(note)?.[1] ?? Number.NaN);
  const leaves = Number.isSafeInteger(size) ? covering(await readSinkLeaves(path.dirname(file), size).catch(() => []), size) : null;
  return { note, leaves, source: path.basename(file) };
}

async function fromPack(bytes: Uint8Array, file: string): Promise<TrustedCheckpoint> {
  const pack = await zipBytesSource(bytes);
  try {
    const text = async (name: string) => {
      let all = "";
      const decoder = new TextDecoder();
      for await (const chunk of pack.read(name)) all += decoder.decode(chunk, { stream: true });
      return all;
    };
    const log = JSON.parse(await text(PACK_FILES.checkpoints)) as PackCheckpoints;
    const newest = log.checkpoints.at(-1);
    if (!newest) throw new Error(`${file} holds no checkpoint`);
    const leaves = createLeavesReader();
    leaves.push(await text(PACK_FILES.leaves));
    return { note: newest.note, leaves: covering(leaves.finish()?.toArray() ?? [], newest.size), source: `${path.basename(file)}'s checkpoint ${newest.size}` };
  } finally {
    pack.close();
  }
}

const covering = (leaves: Hash[], size: number) => (leaves.length >= size ? leaves.slice(0, size) : null);
