import "server-only";
import { once } from "node:events";
import { crc32, createDeflateRaw, type DeflateRaw } from "node:zlib";
import type { AsyncFlateStreamHandler, ZipInputFile } from "fflate";

/**
 * A deflated entry for fflate's streaming `Zip`, compressed by Node's zlib rather than fflate's
 * JavaScript: the C library is about twice as fast, and it works on libuv's thread pool, so at a
 * million events the compression runs on the second core while the export reads, writes and derives
 * on the first (fflate's own ZipDeflate took 40% of the export's CPU, on the main thread). The CRC-32
 * is zlib's as well. `push` waits while zlib is behind, so what is queued for it stays bounded. Add
 * the entry to the Zip before pushing to it.
 */
export class NativeZipDeflate implements ZipInputFile {
  readonly compression = 8;
  /** The general-purpose flag's deflate option bits, as fflate writes them for this level. */
  readonly flag: number;
  size = 0;
  crc = 0;
  ondata?: AsyncFlateStreamHandler;
  private readonly deflate: DeflateRaw;

  constructor(
    readonly filename: string,
    readonly mtime: Date,
    level: number,
  ) {
    this.flag = level === 1 ? 3 : level < 6 ? 2 : level === 9 ? 1 : 0;
    this.deflate = createDeflateRaw({ level });
    this.deflate.on("data", (chunk: Uint8Array<ArrayBuffer>) => this.ondata?.(null, chunk, false));
    this.deflate.on("end", () => this.ondata?.(null, new Uint8Array(0), true));
    this.deflate.on("error", (error) => this.ondata?.(error as never, new Uint8Array(0), true));
  }

  async push(data: Uint8Array): Promise<void> {
    this.crc = crc32(data, this.crc);
    this.size += data.length;
    if (!this.deflate.write(data)) await once(this.deflate, "drain");
  }

  /** No more data: the entry completes (and the Zip moves on) once zlib has flushed. */
  end(): void {
    this.deflate.end();
  }

  terminate(): void {
    this.deflate.destroy();
  }
}
