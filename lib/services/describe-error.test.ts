import { describe, expect, it } from "vitest";
import { describeErrorSafely } from "./describe-error";

describe("describeErrorSafely", () => {
  it.each([
    [undefined, "failed without an error message (undefined thrown)"],
    [null, "failed without an error message (null thrown)"],
    [42, "failed without an error message (number thrown)"],
    ["connection lost\n  at somewhere", "connection lost"],
  ])("says something useful about a thrown %j that is not an Error", (thrown, said) => {
    expect(describeErrorSafely(thrown)).toBe(said);
  });
});
