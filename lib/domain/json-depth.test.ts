import { describe, expect, it } from "vitest";
import { jsonTextDepth, jsonValueDepth } from "./json-depth";

describe("jsonTextDepth", () => {
  it.each([
    ["1", 0],
    ['"[[{"', 0],
    ["[]", 1],
    ['{"a":[1,{"b":[]}]}', 4],
    ['[[],[[]]]', 3],
    ['["\\"[[[", {"k\\\\": ["]"]}]', 3],
  ])("counts %s as %i, brackets inside strings and escapes included", (text, depth) => {
    expect(jsonTextDepth(text)).toBe(depth);
    expect(jsonTextDepth(text)).toBe(jsonValueDepth(JSON.parse(text)));
  });

  it("measures a million levels without recursion, and stops just past the limit", () => {
    const text = "[".repeat(1_000_000) + "]".repeat(1_000_000);
    expect(jsonTextDepth(text)).toBe(1_000_000);
    expect(jsonTextDepth(text, 64)).toBe(65);
  });
});

describe("jsonValueDepth", () => {
  it("measures a parsed value a million levels deep without recursion", () => {
    const value = JSON.parse("[".repeat(1_000_000) + "]".repeat(1_000_000));
    expect(jsonValueDepth(value)).toBe(1_000_000);
    expect(jsonValueDepth(value, 64)).toBe(65);
  });

  it("counts objects and arrays alike, and scalars as 0", () => {
    expect(jsonValueDepth("text")).toBe(0);
    expect(jsonValueDepth(null)).toBe(0);
    expect(jsonValueDepth({ a: [{ b: {} }, 1] })).toBe(4);
  });
});
