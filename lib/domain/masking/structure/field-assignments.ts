import type { CallMemo } from "../call-memo";
import { PRIORITY } from "../priority";
import type { Finding } from "../types";
import type { FieldClassifier } from "./field-vocabulary";
import { fieldFinding } from "./field-finding";

const MAX_KEY = 64;
const MAX_GAP = 16;

function isKeyChar(c: number): boolean {
  // A-Z a-z 0-9 _ - .
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/**
 * Where the key's last word starts, as `keyWords` would split it (`birthDate` -> `Date`,
 * `SIGNUP_IP` -> `IP`, `clientIp` -> `Ip`), or -1 when the key cannot end a field name: the gate
 * that keeps `classify` off most anchors, without a string per anchor.
 */
function lastWordStart(text: string, start: number, end: number): number {
  // A field name ends with a letter or digit (`dob`, `cvv2`); `…:` after a quote or bracket is no key.
  if (end <= start || (!isLetter(text.charCodeAt(end - 1)) && !isDigit(text.charCodeAt(end - 1)))) return -1;
  let i = end;
  let letters = false;
  for (; i > start; i--) {
    const c = text.charCodeAt(i - 1);
    if (isLower(c)) letters = true;
    else if (!isDigit(c)) break;
  }
  if (i > start && isUpper(text.charCodeAt(i - 1))) {
    if (i === end) while (i > start && isUpper(text.charCodeAt(i - 1))) i--; // `DOB`, `SSN`
    else i--; // the `Date` of `birthDate`
    letters = true;
  }
  // `10:00:00`, `app.ts:12:34`: digits alone end no field name.
  return letters ? i : -1;
}

/** How far a value is read: every shape is shorter; "any" and address lists get more. */
const MAX_SHAPED_VALUE = 64;
const MAX_FREE_VALUE = 1024;

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Unquoted values end at whitespace or at the punctuation that delimits them in query strings,
 * logfmt, argument lists and JSON: whitespace " ' ` , ; & < > ) ] }. */
function endsBareValue(c: number): boolean {
  return c <= 32 || c === 34 || c === 39 || c === 96 || c === 44 || c === 59 || c === 38 || c === 60 || c === 62 || c === 41 || c === 93 || c === 125;
}

type FieldValue = { start: number; end: number; quoted: boolean; jsonScalar: boolean; lineEnd: number };

/**
 * The value after the separator at `sep` (`:`, `=`, `:=`, `=>`), read no further than `limit` chars:
 * quoted (`"…"`, `'…'`, or backslash-escaped `\"…\"` inside a JSON string) up to its closing quote,
 * else a bare token. Bounded, so that `dob=dob=dob=…` costs a constant per anchor.
 */
function readFieldValue(text: string, sep: number, keyQuoted: boolean, limit: number): FieldValue | null {
  const c = text.charCodeAt(sep);
  let i = sep + 1;
  const next = text.charCodeAt(i);
  if (c === 61 && (next === 61 || next === 126)) return null; // `==`, `=~`: a comparison
  if (c === 58 && (next === 58 || next === 47)) return null; // `::`, `://`
  if ((c === 61 && next === 62) || (c === 58 && next === 61)) i++; // `=>`, `:=`
  const gapLimit = Math.min(text.length, i + MAX_GAP);
  while (i < gapLimit && isBlank(text.charCodeAt(i))) i++;
  const end = Math.min(text.length, i + limit);
  let lineEnd = i;
  while (lineEnd < end && text.charCodeAt(lineEnd) !== 10 && text.charCodeAt(lineEnd) !== 13) lineEnd++;
  let q = i;
  while (q < end && text.charCodeAt(q) === 92) q++; // escaping backslashes
  const quote = text.charCodeAt(q);
  if (quote === 34 || quote === 39 || quote === 96) {
    const escapes = q - i;
    const start = q + 1;
    for (let k = start; k < end; k++) {
      const d = text.charCodeAt(k);
      if (d === 10) return null;
      if (escapes === 0 && d === 92) {
        k++;
        continue;
      }
      if (d === quote && (escapes === 0 || text.charCodeAt(k - 1) === 92)) {
        const close = k - escapes;
        return close > start ? { start, end: close, quoted: true, jsonScalar: false, lineEnd } : null;
      }
    }
    return null;
  }
  let k = i;
  while (k < end && !endsBareValue(text.charCodeAt(k))) k++;
  return k > i ? { start: i, end: k, quoted: false, jsonScalar: c === 58 && keyQuoted, lineEnd } : null;
}

/**
 * `key <sep> value` anywhere in the text, in the syntaxes agents paste (JSON, YAML, logfmt, form
 * bodies and query strings, Python dicts and kwargs, SQL `SET col = '…'`, env files, headers):
 * anchored at each `:` and `=` (`separators`, as the facts pass found them), the key is read backwards and the value forwards, both bounded, and
 * the key looked up in the vocabulary only when its last word can end a field name. Linear time.
 */
export function detectFieldAssignments(text: string, separators: readonly number[], out: Finding[], fields: FieldClassifier, memo: CallMemo): void {
  // The shortest field assignment is a 3-letter name, a separator and a 3-char value (`cvv=123`).
  if (text.length < 7) return;
  for (let s = 0; s < separators.length; s++) {
    const p = separators[s]!; // s < separators.length
    const c = text.charCodeAt(p);
    let j = p;
    const gapLimit = Math.max(0, p - MAX_GAP);
    while (j > gapLimit && isBlank(text.charCodeAt(j - 1))) j--;
    // A closing quote, possibly escaped (`\"dob\": …` in JSON inside a string).
    const q = text.charCodeAt(j - 1);
    const keyQuoted = q === 34 || q === 39 || q === 96;
    if (keyQuoted) {
      j--;
      while (j > 0 && text.charCodeAt(j - 1) === 92) j--;
    }
    const keyEnd = j;
    const keyLimit = Math.max(0, keyEnd - MAX_KEY);
    // The last word first (a few chars): most anchors (`10:00:00`, `https:`, `a=1`) end there.
    const wordStart = lastWordStart(text, keyLimit, keyEnd);
    if (wordStart < 0 || !fields.endsFieldAt(text, wordStart, keyEnd)) continue;
    while (j > keyLimit && isKeyChar(text.charCodeAt(j - 1))) j--;
    if (j === keyEnd || (j === keyLimit && keyLimit > 0 && isKeyChar(text.charCodeAt(j - 1)))) continue;
    const keyStart = j;
    // A key of one word (`id=`, `"ip":`, `--date`) must be a field name by itself.
    let alone = true;
    for (let k = keyStart; k < wordStart && alone; k++) alone = !isLetter(text.charCodeAt(k)) && !isDigit(text.charCodeAt(k));
    if (alone && !fields.namesAloneAt(text, wordStart, keyEnd)) continue;
    // Keys repeat within a text and across a call's strings (a JSON array of records): classified once per call.
    const rule = memo.field(text.slice(keyStart, keyEnd), fields);
    if (rule === null) continue;
    const free = rule.shape === "any" || rule.shape === "ip";
    const value = readFieldValue(text, p, keyQuoted && q === 34, free ? MAX_FREE_VALUE : MAX_SHAPED_VALUE);
    if (value === null) continue;
    // A bare value ends at a blank, but the shapes people write have blanks (`sin=046 454 286`,
    // `nino: JK 40 29 13 B`, `dob=May 30, 1979`): a shape may run on along the line.
    const end = value.quoted ? value.end : free ? (c === 58 ? value.lineEnd : value.end) : Math.max(value.end, value.lineEnd);
    fieldFinding(text, value.start, end, value.quoted, value.jsonScalar, rule, "field", PRIORITY.field, out);
  }
}
