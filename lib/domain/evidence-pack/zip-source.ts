import yauzl, { type Entry, type ZipFile } from "yauzl";

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
      const stream = await zipfile.openReadStreamPromise(entry);
      for await (const chunk of stream) yield chunk as Uint8Array;
    },
    close: () => zipfile.close(),
  };
}
