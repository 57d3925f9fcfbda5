import { describe, expect, it } from "vitest";
import { STRUCTURE_BENIGN_CASES, STRUCTURE_SECRET_CASES } from "../corpus/structure-cases";
import { createRng } from "../corpus/random";
import { scoreCorpus } from "../corpus/score";
import { createMasker } from "../index";

describe("structural corpus (values named by their field or column, and look-alikes)", () => {
  it("masks >= 99.5% and keeps >= 99% for every kind and category", () => {
    const r = createRng(20_261_201);
    const corpus = Array.from({ length: 4000 }, (_, i) => (i % 3 === 2 ? r.pick(STRUCTURE_BENIGN_CASES) : r.pick(STRUCTURE_SECRET_CASES))(r));
    const score = scoreCorpus(createMasker({ key: "structure-corpus-key" }), corpus);
    for (const [kind, recall] of score.recallByKind) expect(recall, kind).toBeGreaterThanOrEqual(0.995);
    for (const [category, kept] of score.preservedByCategory) expect(kept, category).toBeGreaterThanOrEqual(0.99);
  }, 30_000);
});
