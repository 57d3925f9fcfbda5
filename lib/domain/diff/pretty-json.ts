import { jsonTextDepth, MAX_JSON_DEPTH } from "../json-depth";

/** JSON pretty-printed with every object's keys sorted, so two documents differing only in key order print the same. */
export function prettyJson(value: unknown, indent = 2): string {
  const text = JSON.stringify(value, sortKeysReplacer, indent);
  // JSON.stringify gives undefined for undefined and functions; a diff wants a string.
  return text ?? "";
}

/** Compact sorted JSON, for rendering small values inline. */
export function compactJson(value: unknown): string {
  return JSON.stringify(value, sortKeysReplacer) ?? "";
}

function sortKeysReplacer(_key: string, value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = value[key];
  return sorted;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Parses JSON, returning `{ ok: false }` instead of throwing. Text nested deeper than the door admits
 * is refused too (`tooDeep`): a string field can carry any JSON, and printing or walking a value
 * thousands of levels deep overflows the stack (the door bounds only the body's own nesting).
 */
export function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false; tooDeep?: true } {
  if (jsonTextDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return { ok: false, tooDeep: true };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
