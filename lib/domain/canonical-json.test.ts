import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalized, canonicalJson } from "./canonical-json";

/** The package's verdict: its text, or that it refuses. */
const reference = (value: unknown) => {
  try {
    return canonicalize(value) ?? "refused";
  } catch {
    return "refused";
  }
};
const ours = (value: unknown) => {
  try {
    return canonicalJson(value);
  } catch {
    return "refused";
  }
};

// Strings with what tells serialisers apart: escapes, controls, lone and paired surrogates, text that reads like an escape.
const oddString = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom("", "\\ud800", "\\\\ud83d", "\ud800", "x\udfff", "\ud83d\ude00", "\u2028\u2029", "\u0000\u001f\u007f", '"\\/', "\ufb33", "€", "é"),
);
// Keys that sort differently by code unit, code point or as array indices, and keys Object.prototype has.
const oddKey = fc.oneof(oddString, fc.constantFrom("1", "10", "9", "a", "B", "__proto__", "constructor", "toString", "hasOwnProperty", "toJSON", "valueOf", "\ud83d\ude00", "\ufb33"));
const oddNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-0, 1e21, 1e-7, 5e-324, Number.MAX_SAFE_INTEGER + 2, 0.1 + 0.2, 123e-20, Number.NaN, Number.POSITIVE_INFINITY));
const { value: oddJson } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, oddString, oddNumber, fc.boolean(), fc.constant(null), tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 5 }),
  object: fc.dictionary(oddKey, tie("value"), { maxKeys: 6 }),
}));

describe("canonicalJson is RFC 8785, as the canonicalize package writes it", () => {
  it("agrees with the package on odd strings, numbers, keys and nesting, refusing what it refuses", () => {
    fc.assert(
      fc.property(oddJson, (value) => {
        expect(ours(value)).toBe(reference(value));
      }),
      { numRuns: 5000 },
    );
  });

  it("agrees on JSON as it comes back from a parse (own __proto__ keys included)", () => {
    fc.assert(
      fc.property(oddJson, (value) => {
        const text = JSON.stringify(value);
        if (text === undefined) return;
        const parsed: unknown = JSON.parse(text);
        expect(ours(parsed)).toBe(reference(parsed));
      }),
      { numRuns: 3000 },
    );
  });

  it("gives the value as its JSON parses back, keys in that order", () => {
    fc.assert(
      fc.property(oddJson, (value) => {
        let result: ReturnType<typeof canonicalized>;
        try {
          result = canonicalized(value);
        } catch {
          return;
        }
        expect(JSON.stringify(result.value)).toBe(JSON.stringify(JSON.parse(result.json)));
        expect(result.value).toEqual(JSON.parse(result.json));
      }),
      { numRuns: 3000 },
    );
  });

  it("sorts keys by UTF-16 code units at every depth, array indices included", () => {
    expect(canonicalJson({ b: [{ z: 1, "10": 2, "9": 3 }], a: { "\ud83d\ude00": 1, "\ufb33": 2 } })).toBe('{"a":{"\ud83d\ude00":1,"\ufb33":2},"b":[{"10":2,"9":3,"z":1}]}');
  });

  it("refuses what has no canonical form, and writes what is not plain data as the package does", () => {
    expect(() => canonicalJson({ s: "\ud800x" })).toThrow("Lone surrogate");
    expect(() => canonicalJson([Number.NaN])).toThrow("NaN");
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(canonicalJson({ at: new Date(0), skip: undefined, list: [undefined] })).toBe('{"at":"1970-01-01T00:00:00.000Z","list":[null]}');
    expect(canonicalJson({ s: "\\ud800" })).toBe('{"s":"\\\\ud800"}');
    expect(canonicalJson(JSON.parse('{"__proto__":{"b":1,"a":2},"c":{}}'))).toBe('{"__proto__":{"a":2,"b":1},"c":{}}');
  });
});
