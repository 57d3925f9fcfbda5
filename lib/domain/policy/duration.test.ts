import { describe, expect, it } from "vitest";
import { describeDuration } from "./duration";

describe("a duration in words", () => {
  it("says one of a unit in words, and counts the rest", () => {
    expect([3600, 7200, 60, 1800, 1, 90].map(describeDuration)).toEqual(["one hour", "2 hours", "one minute", "30 minutes", "one second", "90 seconds"]);
  });
});
