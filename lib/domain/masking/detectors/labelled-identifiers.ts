import { isLuhnValid } from "../luhn";
import { PRIORITY } from "../priority";
import type { Detector, Finding } from "../types";
import { isDinersPrefix } from "./financial-identifiers";
import { isPlausibleSsn } from "./national-ids";

/**
 * Labels that make a weak number format strong: each group is one kind of label (`ssn`, `Social
 * Security Number`, `social_insurance_number`, `nino`, `card number`, `cc`, …). Case-insensitive;
 * word boundaries are checked by hand (`applicantSsn` is a label, `Japan` holds no `pan`).
 */
const LABEL =
  /(ssn|social[ _-]?security(?:[ _-]?(?:number|num|no))?)|(sin|social[ _-]?insurance(?:[ _-]?(?:number|num|no))?)|(nino|national[ _-]?insurance(?:[ _-]?(?:number|num|no))?)|(card(?:[ _-]?(?:number|num|no))?|cc(?:[ _-]?(?:number|num|no))?|pan|diners(?:[ _-]?club)?)/gi;
/** The NINO labels alone (LABEL's third group): a NINO has 6 digits, every other value here 9 or more. */
const NINO_LABEL = /nino|national[ _-]?insurance(?:[ _-]?(?:number|num|no))?/gi;

/** Between a label and its value: blanks, quotes (also escaped), `:`, `=`, `#`, a closing tag, a table bar. */
const MAX_GAP = 12;

function isGapCode(code: number): boolean {
  // space \t \n \r " ' \ : = # > | , ( -
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 34 || code === 39 || code === 92 || code === 58 ||
    code === 61 || code === 35 || code === 62 || code === 124 || code === 44 || code === 40 || code === 45;
}

function isLetterCode(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** A label stands alone: no letter before it, unless it starts a camelCase word (`applicantSsn`), and none after. */
function standsAlone(text: string, start: number, end: number): boolean {
  const before = text.charCodeAt(start - 1);
  const first = text.charCodeAt(start);
  const camel = first >= 65 && first <= 90 && ((before >= 97 && before <= 122) || (before >= 48 && before <= 57));
  return (!isLetterCode(before) || camel) && !isLetterCode(text.charCodeAt(end)) && !(text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57);
}

/** US SSN without separators or with spaces (with dashes it needs no label: national-ids.ts). */
const SSN = /([0-9]{3})([ -]?)([0-9]{2})\2([0-9]{4})(?![\w-])/y;
/** Canadian Social Insurance Number: 9 digits, grouped 3-3-3 by spaces or dashes or not at all, Luhn-valid. */
const SIN = /[0-9]{3}([ -]?)[0-9]{3}\1[0-9]{3}(?![\w-])/y;
/** UK National Insurance number: two prefix letters (D, F, I, Q, U, V never; O never second), six digits, A-D. */
const NINO = /([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![\w-])/y;
/** Prefixes never issued as NINOs (administrative and temporary numbers). */
export const NINO_UNUSED_PREFIXES: ReadonlySet<string> = new Set(["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]);
/** A 14-digit Diners Club card written without separators (4-6-4 grouped it is found without a label). */
const DINERS_COMPACT = /[0-9]{14}(?![\w-])/y;

function valueAt(text: string, re: RegExp, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

function labelledValue(text: string, group: number, at: number, out: Finding[]): number {
  const push = (m: RegExpExecArray, kind: string) => {
    // The label says what the value is, as a key does: it outranks a shape read alone (a phone number).
    out.push({ start: at, end: at + m[0].length, kind, priority: PRIORITY.context });
    return at + m[0].length;
  };
  if (group === 1) {
    const m = valueAt(text, SSN, at);
    if (m && isPlausibleSsn(m[1]!, m[3]!, m[4]!)) return push(m, "us_ssn"); // groups 1, 3, 4 take part in every match
  } else if (group === 2) {
    const m = valueAt(text, SIN, at);
    if (m && isLuhnValid(m[0])) return push(m, "national_id");
  } else if (group === 3) {
    const m = valueAt(text, NINO, at);
    if (m && !NINO_UNUSED_PREFIXES.has(m[1]!)) return push(m, "national_id"); // group 1 takes part in every match
  } else {
    const m = valueAt(text, DINERS_COMPACT, at);
    if (m && isDinersPrefix(m[0]) && isLuhnValid(m[0])) return push(m, "payment_card");
  }
  return at;
}

/**
 * Identifiers whose format alone is too weak to mask but whose label is strong: a US SSN written
 * `123456789` or `123 45 6789`, a Canadian SIN (`046 454 286`, `046-454-286`), a UK National
 * Insurance number with or without spaces (`JK 40 29 13 B`), a 14-digit Diners Club card written
 * without separators. The value must follow its label within a few separator chars, so each label
 * costs a bounded look ahead.
 */
export const detectLabelledIdentifiers: Detector = (text, out, facts) => {
  // Every value here has six digits or more in one run of digits, blanks and dashes; all but a NINO nine.
  const digits = facts.maxNumericRunDigits();
  if (digits < 6) return;
  const labels = digits < 9 ? NINO_LABEL : LABEL;
  labels.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = labels.exec(text)) !== null) {
    const end = m.index + m[0].length;
    if (!standsAlone(text, m.index, end)) continue;
    let at = end;
    while (at < text.length && at - end < MAX_GAP && isGapCode(text.charCodeAt(at))) at++;
    const group = labels === NINO_LABEL || m[3] !== undefined ? 3 : m[1] !== undefined ? 1 : m[2] !== undefined ? 2 : 4;
    labels.lastIndex = Math.max(labels.lastIndex, labelledValue(text, group, at, out));
  }
};
