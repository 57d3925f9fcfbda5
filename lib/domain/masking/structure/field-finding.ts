import { ipFindings } from "../detectors/client-ips";
import { isReferenceValue } from "../reference-values";
import type { Finding } from "../types";
import type { FieldRule } from "./field-vocabulary";
import { shapeEnd } from "./value-shapes";

/** Where a field's name was read: a key (`"dob": …`, `dob=…`) or a column header (CSV, psql, INSERT). */
export type FieldSource = "field" | "column";

/** The reason reviewers see: "field `date_of_birth`", "column `ssn`". Only the words that matched the
 * vocabulary (each an entry's word or a spelling of one), never the rest of the key: a key is free
 * text, and a token pasted in front of `_dob` must not reach the reason. */
export function fieldReason(source: FieldSource, rule: FieldRule): string {
  return `${source} \`${rule.label}\``;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * Masks the value `text[start, end)` named by `rule` if it has the rule's shape. `whole` values
 * (quoted, a cell, a JSON string) must have the shape throughout; a bare token only at its start.
 */
export function fieldFinding(
  text: string,
  start: number,
  end: number,
  whole: boolean,
  jsonScalar: boolean,
  rule: FieldRule,
  source: FieldSource,
  priority: number,
  out: Finding[],
): void {
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  if (start >= end) return;
  const reason = fieldReason(source, rule);
  if (rule.shape === "ip") {
    // A customer's field may list addresses (`1.2.3.4, 10.0.0.1`): each is masked.
    const from = out.length;
    ipFindings(text, start, end, out);
    for (let i = from; i < out.length; i++) {
      const f = out[i]!; // i < out.length
      out[i] = { start: f.start, end: f.end, kind: rule.kind, priority, reason };
    }
    return;
  }
  // A field trusted by name alone still does not hide `NULL`, `${DOB}`, `[redacted]` or a placeholder.
  if (rule.shape === "any" && isReferenceValue(text.slice(start, end))) return;
  const at = shapeEnd(rule.shape, text, start, end, whole);
  if (at < 0) return;
  out.push({ start, end: at, kind: rule.kind, priority, quote: jsonScalar && at === end, reason });
}
