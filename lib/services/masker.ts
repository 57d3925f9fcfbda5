import "server-only";
import { getConfig } from "@/lib/config";
import { createMasker, type Masker } from "@/lib/domain/masking";

let masker: Masker | undefined;

/** The process's masker, keyed from configuration so fingerprints agree across replicas and restarts. */
export function getMasker(): Masker {
  if (!masker) {
    const config = getConfig();
    masker = createMasker({ key: config.maskingKey, customPatterns: config.maskingCustomPatterns });
  }
  return masker;
}
