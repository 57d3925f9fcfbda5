import { describe, expect, it } from "vitest";
import { adversarialInputs } from "./adversarial-inputs";
import { testMasker } from "./test-masker";

/**
 * Each detector anchors on something; 1 MB of that something must still mask in linear time.
 * Timing ratios live in the benchmark (scripts/bench/masking.ts), not here: a loaded CI machine
 * must not fail a test. A quadratic detector would not finish within the test timeout.
 */
describe("adversarial inputs", () => {
  const inputs = adversarialInputs(1024 * 1024);
  it.each(Object.entries(inputs))("masks 1 MB of %s and returns", (_name, input) => {
    const { text } = testMasker.maskText(input);
    expect(typeof text).toBe("string");
  }, 20_000);

  it("masks 1 MB of JSON with adversarial strings and returns valid JSON", () => {
    const value = { items: Object.values(adversarialInputs(64 * 1024)) };
    expect(() => JSON.parse(JSON.stringify(testMasker.maskJson(value).value))).not.toThrow();
  }, 20_000);
});
