import { PLACEHOLDER_PATTERN } from "../masking/placeholder";
import { compactJson, isPlainObject, tryParseJson } from "./pretty-json";
import type { AttributeChange } from "./types";

type PathPart = string | number;

/** `Statement[0].Action`: keys joined by dots, array indices in brackets. */
export function formatPath(parts: readonly PathPart[]): string {
  return parts.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** A value as a reviewer reads it: strings quoted, structures as compact JSON, absent as null. */
export function renderValue(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value === "string") return JSON.stringify(value);
  return compactJson(value);
}

/** A whole masked placeholder, `[aws_secret_access_key:3f9a1c]`: never parsed, never unmasked. */
const WHOLE_PLACEHOLDER = new RegExp(`^${PLACEHOLDER_PATTERN.source}$`);

/**
 * A string that holds a JSON document (an object or an array, as an IAM policy or a JSON column
 * does), parsed; null for any other string and for anything that is not a string. A scalar inside
 * a string (`"42"`, `"true"`) stays a string: reading it as a number would say it changed type.
 */
export function parseEmbeddedDocument(value: unknown): object | null {
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (!(text.startsWith("{") || text.startsWith("[")) || WHOLE_PLACEHOLDER.test(text)) return null;
  const parsed = tryParseJson(text);
  return parsed.ok && typeof parsed.value === "object" && parsed.value !== null ? parsed.value : null;
}

/**
 * How many documents-inside-strings deep the walk goes: each parse is depth-bounded on its own, so
 * this bounds the whole walk's stack however a hostile value nests escaped JSON.
 */
const MAX_EMBEDDED_LEVELS = 4;

export type StructuralChangeOptions = {
  /** Terraform's `after_unknown`: true where the value is known only after apply. */
  afterUnknown?: unknown;
  /** Terraform's `before_sensitive` / `after_sensitive`: true where the value must not be shown. */
  beforeSensitive?: unknown;
  afterSensitive?: unknown;
  /** Paths whose change forces the resource to be replaced (Terraform's `replace_paths`). */
  forcesReplacement?: readonly string[];
};

/**
 * The leaf-level differences between two JSON values, in sorted key order: objects are walked key by
 * key and arrays of structures index by index; scalars and arrays of scalars are compared whole. A
 * string that holds a JSON document on both sides is diffed as a document, its changes attached as
 * `document`, so `"{\"Statement\":[…\"s3:GetObject\"…]}"` → `…\"s3:*\"…` reads as
 * `Statement[0].Action: "s3:GetObject" → "s3:*"`. Sensitive values are replaced, never rendered.
 */
export function structuralChanges(before: unknown, after: unknown, options: StructuralChangeOptions = {}): AttributeChange[] {
  return walkChanges(before, after, options, 0);
}

function walkChanges(before: unknown, after: unknown, options: StructuralChangeOptions, level: number): AttributeChange[] {
  const out: AttributeChange[] = [];
  const forced = options.forcesReplacement ?? [];
  const forces = (path: string) => forced.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  const flag = (name: string) => (forces(name) ? { forcesReplacement: true as const } : {});

  const walk = (b: unknown, a: unknown, unknown: unknown, bSens: unknown, aSens: unknown, path: PathPart[]) => {
    const name = formatPath(path);
    if (bSens === true || aSens === true) {
      if (unknown === true || !deepEqual(b, a) || bSens !== aSens)
        out.push({ path: name, before: b === undefined ? null : "(sensitive)", after: unknown === true ? "(known after apply)" : a === undefined ? null : "(sensitive)", sensitive: true, ...flag(name) });
      return;
    }
    if (unknown === true) {
      out.push({ path: name, before: renderValue(b), after: null, unknownAfter: true, ...flag(name) });
      return;
    }
    const bothObjects = (isPlainObject(b) || b == null) && (isPlainObject(a) || a == null) && (isPlainObject(b) || isPlainObject(a));
    const structuredArrays =
      (Array.isArray(b) || b == null) && (Array.isArray(a) || a == null) && (Array.isArray(b) || Array.isArray(a)) &&
      [...(Array.isArray(b) ? b : []), ...(Array.isArray(a) ? a : [])].some((item) => !isScalar(item));
    if (path.length > 0 && !bothObjects && !structuredArrays) {
      if (deepEqual(b, a)) return;
      const change: AttributeChange = { path: name, before: renderValue(b), after: renderValue(a), ...flag(name) };
      const [docBefore, docAfter] = level < MAX_EMBEDDED_LEVELS ? [parseEmbeddedDocument(b), parseEmbeddedDocument(a)] : [null, null];
      if (docBefore && docAfter) change.document = walkChanges(docBefore, docAfter, {}, level + 1);
      out.push(change);
      return;
    }
    if (bothObjects || path.length === 0) {
      const keys = new Set<string>([
        ...(isPlainObject(b) ? Object.keys(b) : []),
        ...(isPlainObject(a) ? Object.keys(a) : []),
        ...(isPlainObject(unknown) ? Object.keys(unknown) : []),
      ]);
      for (const key of [...keys].sort()) walk(child(b, key), child(a, key), child(unknown, key), child(bSens, key), child(aSens, key), [...path, key]);
      return;
    }
    const length = Math.max(Array.isArray(b) ? b.length : 0, Array.isArray(a) ? a.length : 0, Array.isArray(unknown) ? unknown.length : 0);
    for (let i = 0; i < length; i++) walk(child(b, i), child(a, i), child(unknown, i), child(bSens, i), child(aSens, i), [...path, i]);
  };

  walk(before, after, options.afterUnknown, options.beforeSensitive, options.afterSensitive, []);
  return out;
}

function isScalar(value: unknown): boolean {
  return value === null || value === undefined || typeof value !== "object";
}

function deepEqual(a: unknown, b: unknown): boolean {
  return compactJson(a) === compactJson(b);
}

function child(value: unknown, key: PathPart): unknown {
  if (typeof key === "number") return Array.isArray(value) ? value[key] : undefined;
  return isPlainObject(value) ? value[key] : undefined;
}
