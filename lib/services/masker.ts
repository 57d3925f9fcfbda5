import "server-only";
import { getConfig } from "@/lib/config";
import { createMasker, MASKING_ENGINE_VERSION, type MaskCounts, type Masker } from "@/lib/domain/masking";

let masker: Masker | undefined;

/** The process's masker, keyed from configuration so fingerprints agree across replicas and restarts. */
export function getMasker(): Masker {
  if (!masker) {
    const config = getConfig();
    masker = createMasker({ key: config.maskingKey, customPatterns: config.maskingCustomPatterns, customFields: config.maskingCustomFields });
  }
  return masker;
}

export type MaskingRecord = { counts: MaskCounts; engineVersion: string };

/**
 * Masks one piece of free text a person typed or an agent sent, returning what events record about
 * it: the kinds and counts masked and the engine version, never the values.
 */
export function maskFreeText(text: string): { text: string; masking: MaskingRecord } {
  const { text: masked, counts } = getMasker().maskText(text);
  return { text: masked, masking: { counts, engineVersion: MASKING_ENGINE_VERSION } };
}
