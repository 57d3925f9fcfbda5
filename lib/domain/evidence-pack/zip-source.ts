import { PassThrough, pipeline } from "node:stream";
import { createInflateRaw } from "node:zlib";
import yauzl, { type Entry, type ZipFile } from "yauzl";

/** Deflate, the only compression a pack's entries use (yauzl refuses any other but none). */
const DEFLATE = 8;
/** Inflated output per zlib callback: at yauzl's 16 KiB a million-event pack took 70,000 callbacks, each with its stream overhead. */
const INFLATE_CHUNK = 1 << 20;
/**
 * Inflated bytes zlib may hold ready while the reader works on a chunk: zlib inflates on libuv's
 * threads, so with room to run ahead it overlaps the verifier's parsing and hashing instead of
 * waiting for it (a fifth of a pack's verification was spent idle without it).
 */
const INFLATE_AHEAD = 8 * INFLATE_CHUNK;

/**
 * A pack's entries, each read as a stream when the verifier wants it (from the ZIP's central
 * directory, so the order they were written in does not matter and none is held whole). `names`
 * lists every entry name as often as it occurs: a name twice is a pack that says two things.
 */
export type PackSource = { names: readonly string[]; read(name: string): AsyncIterable<Uint8Array>; close(): void };

/** A pack held in memory (a test's, or a download not yet saved). */
export function zipBytesSource(bytes: Uint8Array): Promise<PackSource> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, autoClose: false }, (error, zipfile) =>
      error ? reject(error) : resolve(zipSource(zipfile)),
    ),
  );
}

/** The entries of a ZIP that yauzl opened with `lazyEntries` and without `autoClose`. */
export async function zipSource(zipfile: ZipFile): Promise<PackSource> {
  const entries = new Map<string, Entry>();
  const names: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zipfile.on("entry", (entry: Entry) => {
      names.push(entry.fileName);
      entries.set(entry.fileName, entry);
      zipfile.readEntry();
    });
    zipfile.on("end", () => resolve());
    zipfile.on("error", reject);
    zipfile.readEntry();
  });
  return {
    names,
    async *read(name: string) {
      const entry = entries.get(name);
      if (!entry) throw new Error(`${name} is not in the pack`);
      if (entry.compressionMethod !== DEFLATE || entry.isEncrypted()) {
        for await (const chunk of await zipfile.openReadStreamPromise(entry)) yield chunk as Uint8Array;
        return;
      }
      // Inflated here, in large chunks; what it gives is hashed and sized against the manifest, which
      // is what yauzl's own size check would have caught.
      const compressed = await zipfile.openReadStreamPromise(entry, { decompress: false });
      const inflated = new PassThrough({ highWaterMark: INFLATE_AHEAD });
      // A failure anywhere destroys `inflated` with it, which ends the loop below with the error.
      pipeline(compressed, createInflateRaw({ chunkSize: INFLATE_CHUNK }), inflated, () => {});
      try {
        for await (const chunk of inflated) yield chunk as Uint8Array;
      } finally {
        compressed.destroy();
      }
    },
    close: () => zipfile.close(),
  };
}
