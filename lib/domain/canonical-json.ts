import { hash } from "node:crypto";
import canonicalize from "canonicalize";

/**
 * RFC 8785 (JCS) canonical JSON: the one byte form that digests, chains and signatures are computed over.
 *
 * For JSON data, JCS is exactly what `JSON.stringify` writes once every object's keys are sorted by
 * UTF-16 code units: the RFC takes its number form from ECMAScript (3.2.2.3) and its string escapes are
 * JSON.stringify's (3.2.2.2), and the `canonicalize` package itself serialises every primitive with
 * JSON.stringify. So the native serialiser does the work, told the key order by a property list (which
 * orders the keys of every object, at any depth, by its own order): a pack's export spends much of its
 * time here, and this is faster than the package's recursion (canonical-json.test.ts checks that the
 * two agree on odd values). What JSON.stringify would treat differently goes to the package: a value
 * that is not plain JSON data (NaN, a Date, a function), a `__proto__` or `toJSON` key (the property
 * list would read an inherited one), and a lone surrogate (which JCS refuses and JSON.stringify
 * escapes), so refusals are the package's, word for word.
 */
export function canonicalJson(value: unknown): string {
  const keys = new Set<string>();
  if (plainJsonKeys(value, keys, 0)) {
    const text = JSON.stringify(value, [...keys].sort());
    // An escaped lone surrogate (or a backslash followed by text that reads like one) goes the slow way.
    if (text !== undefined && !ESCAPED_SURROGATE.test(text)) return text;
  }
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("value has no JSON representation");
  return text;
}

/** One-shot (crypto.hash): a fraction of createHash's cost on the short inputs chains hash a million times. */
export function sha256Hex(input: string | Uint8Array): string {
  return hash("sha256", input, "hex");
}

const ESCAPED_SURROGATE = /\\ud[89a-f]/i;
/** Far deeper than a request may nest (lib/domain/json-depth.ts): past it the package decides (and names a cycle). */
const MAX_DEPTH = 256;

/** Adds every key of every object in `value` to `keys`; false when `value` is not plain JSON data that JSON.stringify writes as JCS does. */
function plainJsonKeys(value: unknown, keys: Set<string>, depth: number): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
    case "undefined":
      return true;
    case "number":
      return Number.isFinite(value);
    case "object": {
      if (value === null) return true;
      if (depth > MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (const item of value) if (!plainJsonKeys(item, keys, depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key of Object.keys(value)) {
        if (key === "__proto__" || key === "toJSON") return false;
        keys.add(key);
        if (!plainJsonKeys((value as Record<string, unknown>)[key], keys, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}
