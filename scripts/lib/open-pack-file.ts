import yauzl from "yauzl";
import { zipSource, type PackSource } from "../../lib/domain/evidence-pack/zip-source";

/** A pack on disk, its entries read from the file as the verifier streams them (never loaded whole). */
export function openPackFile(file: string): Promise<PackSource> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, zipfile) => (error ? reject(error) : resolve(zipSource(zipfile)))),
  );
}
