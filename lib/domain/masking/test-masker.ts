import { createMasker } from "./create-masker";
import type { CustomPattern } from "./types";

/** One masker for the unit tests, with the admin patterns the issue names. */
export const TEST_PATTERNS: CustomPattern[] = [
  { kind: "customer_id", pattern: "cus_[A-Za-z0-9]{14}" },
  { kind: "customer_id", pattern: "ACME-\\d{8}" },
];

export const testMasker = createMasker({ key: "unit-test-key", customPatterns: TEST_PATTERNS });

/** The kinds masked in `text`, and the masked text. */
export function maskedKinds(text: string): { text: string; kinds: string[] } {
  const result = testMasker.maskText(text);
  return { text: result.text, kinds: Object.keys(result.counts).sort() };
}
