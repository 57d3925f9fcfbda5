import { NINO_UNUSED_PREFIXES } from "../detectors/labelled-identifiers";
import { isPlausibleSsn } from "../detectors/national-ids";
import { isLuhnValid } from "../luhn";

/**
 * What a value under a personal-data field must look like to be masked: the field says what it is,
 * the shape confirms it (a `dob` holding `"unknown"` or `"YYYY-MM-DD"` is not a birth date). "any"
 * trusts the field alone (administrators' fields that have no shape).
 */
export const VALUE_SHAPES = ["date", "ssn", "sin", "nino", "digits", "card", "cvv", "document", "ip", "stripe_customer", "any"] as const;

export type ValueShape = (typeof VALUE_SHAPES)[number];

const MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
// Longest alternative first: a sticky match stops at the first that fits (`3` of `30`).
const DAY = "(?:3[01]|[12][0-9]|0?[1-9])";
const MON = "(?:1[0-2]|0?[1-9])";
const YEAR = "(?:19|20)[0-9]{2}";
/** `/`, `-`, `.`, or their percent-encodings in a form body (`12%2F01%2F1990`). */
const SEP = "(?:[-/.]|%2[Ff]|%2[Dd])";
/** A date in any of the ways people write one, with an optional time of day (exports add `00:00:00`). */
const DATE =
  `(?:${YEAR}(${SEP})${MON}\\1${DAY}` +
  `|${DAY}(${SEP})${MON}\\2(?:${YEAR}|[0-9]{2})` +
  `|${MON}(${SEP})${DAY}\\3(?:${YEAR}|[0-9]{2})` +
  `|${YEAR}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])` +
  `|${DAY}(?:st|nd|rd|th)?[ -]${MONTH}\\.?,?[ -](?:${YEAR}|[0-9]{2})` +
  `|${MONTH}\\.? ${DAY}(?:st|nd|rd|th)?,? ${YEAR})` +
  `(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]{1,9})?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?`;

/** Sticky and bounded (no nested repetition): each is tried once at a value's start. */
const SHAPES: Record<Exclude<ValueShape, "any" | "ip">, RegExp> = {
  date: new RegExp(DATE, "iy"),
  ssn: /[0-9]{3}([- .]?)[0-9]{2}\1[0-9]{4}/y,
  sin: /[0-9]{3}([- ]?)[0-9]{3}\1[0-9]{3}/y,
  nino: /[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]( ?)[0-9]{2}\1[0-9]{2}\1[0-9]{2}\1[A-D]?/iy,
  digits: /[0-9](?:[- ]?[0-9]){5,33}/y,
  card: /[0-9](?:[- ]?[0-9]){11,18}/y,
  cvv: /[0-9]{3,4}/y,
  document: /(?=[A-Z0-9-]{0,24}[0-9])[A-Z0-9](?:[- ]?[A-Z0-9]){4,23}/iy,
  stripe_customer: /cus_[A-Za-z0-9]{8,32}/y,
};

const IPV4 = /(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}(?![0-9])/y;
const IPV6 = /[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}/y;

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** Does a match ending at `end` end the value (or, unquoted, a token: `1990-01-12 ip=…`)? */
function endsToken(text: string, end: number, valueEnd: number): boolean {
  if (end === valueEnd) return true;
  const c = text.charCodeAt(end);
  if (isWordChar(c)) return false;
  // `1990-01-12-rc1`, `10.0.0.1.5`, `123-45-6789/2`: the value runs on.
  if ((c === 45 || c === 46 || c === 47 || c === 58) && isWordChar(text.charCodeAt(end + 1))) return false;
  return true;
}

function plausibleSsnDigits(value: string): boolean {
  const digits = value.replace(/[^0-9]/g, "");
  return isPlausibleSsn(digits.slice(0, 3), digits.slice(3, 5), digits.slice(5));
}

function isIpv6(candidate: string): boolean {
  const halves = candidate.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === "" ? [] : h.split(":")));
  if (groups.some((g) => g.length === 0 || g.length > 4)) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}

function ipEnd(text: string, start: number): number {
  IPV4.lastIndex = start;
  if (IPV4.test(text)) return IPV4.lastIndex;
  IPV6.lastIndex = start;
  const m = IPV6.exec(text);
  return m !== null && isIpv6(m[0]) ? start + m[0].length : -1;
}

/**
 * Where the value starting at `start` that has `shape` ends, or -1. `valueEnd` is where the value as
 * read ends; a `whole` value (quoted, or a JSON string) must be matched entirely, anything else only
 * at its start up to a token boundary (so a YAML line's `JK 40 29 13 B  # verified` still counts).
 */
export function shapeEnd(shape: ValueShape, text: string, start: number, valueEnd: number, whole: boolean): number {
  if (start >= valueEnd) return -1;
  let end: number;
  if (shape === "any") {
    end = valueEnd;
  } else if (shape === "ip") {
    end = ipEnd(text, start);
  } else {
    const re = SHAPES[shape];
    re.lastIndex = start;
    end = re.test(text) ? re.lastIndex : -1;
    if (end > valueEnd) end = -1;
    if (end > 0 && shape === "sin" && !isLuhnValid(text, start, end)) end = -1;
    // The same issued ranges as the SSN format detector: `000-00-0000` under `ssn` is a placeholder.
    if (end > 0 && shape === "ssn" && !plausibleSsnDigits(text.slice(start, end))) end = -1;
    if (end > 0 && shape === "nino" && NINO_UNUSED_PREFIXES.has(text.slice(start, start + 2).toUpperCase())) end = -1;
  }
  if (end < 0 || (whole ? end !== valueEnd : !endsToken(text, end, valueEnd))) return -1;
  return end;
}
