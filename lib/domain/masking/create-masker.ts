import { createCustomPatternDetector } from "./detectors/custom-patterns";
import { createSpanFinder, maskToFixpoint } from "./engine";
import { createFingerprinter, perCallFingerprinter } from "./fingerprint";
import { createJsonMasker } from "./mask-json";
import type { CustomPattern, Masker } from "./types";

/** Throws InvalidPatternError if a custom pattern does not compile under RE2. */
export function createMasker(options: { key: string | Uint8Array; customPatterns?: CustomPattern[] }): Masker {
  const fingerprint = createFingerprinter(options.key);
  const custom = createCustomPatternDetector(options.customPatterns ?? []);
  const findSpans = createSpanFinder(custom ? [custom] : []);
  return {
    maskText: (text) => maskToFixpoint(text, findSpans, perCallFingerprinter(fingerprint)),
    maskJson: createJsonMasker(findSpans, fingerprint),
  };
}
