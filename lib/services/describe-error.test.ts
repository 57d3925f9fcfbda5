import { describe, expect, it } from "vitest";
import { describeErrorSafely } from "./describe-error";

describe("describeErrorSafely", () => {
  it.each([
    [undefined, "failed without an Error (undefined thrown)"],
    [null, "failed without an Error (null thrown)"],
    [42, "failed without an Error (number thrown)"],
    ["password authentication failed for user app with hunter2", "failed without an Error (string thrown)"],
  ])("names what was thrown instead of an Error (%j), without echoing it", (thrown, said) => {
    expect(describeErrorSafely(thrown)).toBe(said);
  });
});
