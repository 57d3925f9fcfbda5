import { CallMemo } from "./call-memo";
import { createCustomPatternDetector } from "./detectors/custom-patterns";
import { createSpanFinder, maskToFixpoint } from "./engine";
import { createFingerprinter, perCallFingerprinter } from "./fingerprint";
import { createJsonMasker } from "./mask-json";
import { createFieldClassifier, type CustomField } from "./structure/field-vocabulary";
import { createStructureDetector } from "./structure/structure-detector";
import { validateCustomFields } from "./structure/custom-fields";
import type { CustomPattern, Masker } from "./types";

/**
 * Throws InvalidPatternError if a custom pattern does not compile under RE2, InvalidFieldError if a
 * custom field names no words or its kind or shape is not one masking knows.
 */
export function createMasker(options: { key: string | Uint8Array; customPatterns?: CustomPattern[]; customFields?: CustomField[] }): Masker {
  const fingerprint = createFingerprinter(options.key);
  const custom = createCustomPatternDetector(options.customPatterns ?? []);
  const fields = createFieldClassifier(validateCustomFields(options.customFields ?? []));
  const findSpans = createSpanFinder(custom ? [createStructureDetector(fields), custom] : [createStructureDetector(fields)]);
  return {
    maskText: (text) => {
      const memo = new CallMemo(); // dropped with the call: no key classification outlives it
      return maskToFixpoint(text, (t) => findSpans(t, memo), perCallFingerprinter(fingerprint));
    },
    maskJson: createJsonMasker(findSpans, fingerprint, fields),
  };
}
