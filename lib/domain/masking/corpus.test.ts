import { describe, expect, it } from "vitest";
import { CORPUS_CUSTOM_PATTERNS, generateCorpus } from "./corpus/cases";
import { scoreCorpus } from "./corpus/score";
import { createMasker } from "./index";

// CPU-bound (6,000 cases): on a shared 2-core machine it can take several times its usual ~2.5 s.
describe("labelled corpus", () => {
  it("masks >= 99.5% of secret values and keeps >= 99% of benign look-alikes", () => {
    const masker = createMasker({ key: "corpus-key", customPatterns: CORPUS_CUSTOM_PATTERNS });
    const score = scoreCorpus(masker, generateCorpus(20_240_601, 6000));
    expect(score.recall).toBeGreaterThanOrEqual(0.995);
    expect(score.preserved).toBeGreaterThanOrEqual(0.99);
  }, 30_000);
});
