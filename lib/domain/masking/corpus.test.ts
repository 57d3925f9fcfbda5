import { describe, expect, it } from "vitest";
import { CORPUS_CUSTOM_PATTERNS, generateCorpus } from "./corpus/cases";
import { scoreCorpus } from "./corpus/score";
import { createMasker } from "./index";

describe("labelled corpus", () => {
  it("masks >= 99.5% of secret values and keeps >= 99% of benign look-alikes", () => {
    const masker = createMasker({ key: "corpus-key", customPatterns: CORPUS_CUSTOM_PATTERNS });
    const score = scoreCorpus(masker, generateCorpus(20_240_601, 6000));
    expect(score.recall).toBeGreaterThanOrEqual(0.995);
    expect(score.preserved).toBeGreaterThanOrEqual(0.99);
  });
});
