import { hash } from "node:crypto";
import canonicalize from "canonicalize";

/** RFC 8785 (JCS) canonical JSON: the one byte form that digests, chains and signatures are computed over. */
export function canonicalJson(value: unknown): string {
  return canonicalized(value).json;
}

/**
 * `value`'s canonical JSON, and `value` as that JSON parses back: a copy with every object's keys in
 * canonical order, which a reader of the JSON sees (a pack's export derives its files from it, as
 * verify does from the parsed line), without parsing the JSON again.
 *
 * For JSON data, JCS is exactly what `JSON.stringify` writes once every object's keys are in order of
 * UTF-16 code units: the RFC takes its number form from ECMAScript (3.2.2.3) and its string escapes
 * are JSON.stringify's (3.2.2.2), and the `canonicalize` package itself writes every primitive with
 * JSON.stringify. So the native serialiser does the work, over a copy whose keys were inserted in
 * that order; at a million events this is what a pack's export spends most on, and it costs about
 * half of the package's recursion (canonical-json.test.ts checks the two agree on odd values). What
 * the copy cannot carry goes to the package: array-index keys ("10", which every JavaScript object
 * puts first), a `__proto__` key, a value that is not plain JSON data (NaN, a Date, a function), and
 * a lone surrogate (which JCS refuses and JSON.stringify escapes), so refusals are the package's,
 * word for word.
 */
export function canonicalized(value: unknown): { json: string; value: unknown } {
  const copy = sortedCopy(value, 0);
  if (copy !== NOT_PLAIN) {
    const json = JSON.stringify(copy);
    // An escaped lone surrogate (or a backslash followed by text that reads like one) goes the slow way.
    if (json !== undefined && !ESCAPED_SURROGATE.test(json)) return { json, value: copy };
  }
  const json = canonicalize(value);
  if (json === undefined) throw new TypeError("value has no JSON representation");
  return { json, value: JSON.parse(json) };
}

/** One-shot (crypto.hash): a fraction of createHash's cost on the short inputs chains hash a million times. */
export function sha256Hex(input: string | Uint8Array): string {
  return hash("sha256", input, "hex");
}

const ESCAPED_SURROGATE = /\\ud[89a-f]/i;
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;
const NOT_PLAIN = Symbol("not plain JSON data");
/** Far deeper than a request may nest (lib/domain/json-depth.ts): past it the package decides (and names a cycle). */
const MAX_DEPTH = 256;

/** A copy of plain JSON data as JSON.parse would build it from its JCS text; NOT_PLAIN when the copy could differ. */
function sortedCopy(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      // -0 is written as 0 and reads back as 0.
      return Number.isFinite(value) ? value || 0 : NOT_PLAIN;
    case "object": {
      if (value === null) return null;
      if (depth > MAX_DEPTH) return NOT_PLAIN;
      if (Array.isArray(value)) {
        const items: unknown[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = value[i] === undefined ? null : sortedCopy(value[i], depth + 1);
          if (item === NOT_PLAIN) return NOT_PLAIN;
          items[i] = item;
        }
        return items;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(value).sort()) {
        if (key === "__proto__" || ARRAY_INDEX.test(key)) return NOT_PLAIN;
        const item = (value as Record<string, unknown>)[key];
        if (item === undefined) continue;
        const sorted = sortedCopy(item, depth + 1);
        if (sorted === NOT_PLAIN) return NOT_PLAIN;
        copy[key] = sorted;
      }
      return copy;
    }
    default:
      return NOT_PLAIN;
  }
}
