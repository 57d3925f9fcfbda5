import { ibanLength, isIbanChecksumValid } from "../iban";
import { isLuhnValid } from "../luhn";
import { PRIORITY } from "../priority";
import { forEachMatch } from "../scan";
import type { Detector } from "../types";

/**
 * A run of digit groups split by single spaces or dashes, not inside a word, a version or a dash
 * chain: the only text a card number can be part of. Each group begins with a separator, so the
 * repetition is unambiguous and the match linear.
 */
const DIGIT_RUN = /(?<![\w.-])[0-9]+(?:[ -][0-9]+)*(?![\w-])/g;
/** Issuer prefixes of the networks in use (Visa, Mastercard incl. 2-series, Amex, Discover, JCB,
 * Diners, UnionPay, Maestro); a Luhn-valid 13-19 digit id outside them is more likely an order id. */
const ISSUER = /^(?:4|5[1-5]|2(?:22[1-9]|2[3-9][0-9]|[3-6][0-9]{2}|7[01][0-9]|720)|3[47]|30[0-5]|3[689]|35(?:2[89]|[3-8][0-9])|6(?:011|5|4[4-9]|2)|50|5[6-8]|6[37])/;

/** Fewest and most digits of a card (old 13-digit Visa; 19-digit UnionPay and Maestro). */
const MIN_CARD_DIGITS = 13;
const MAX_CARD_DIGITS = 19;

type Group = { start: number; end: number };

const size = (group: Group) => group.end - group.start;

/** Whether `count` groups from `first` are grouped as cards print them: one group, 4,4,4,4 (then 1-3 more), 4,4,4 then 1-3, Amex 4,6,4|5. */
function cardGrouping(groups: Group[], first: number, count: number): boolean {
  if (count === 1) return true;
  // A missing group reads as size 0, which fails every comparison below as the missing group did.
  const [a = 0, b = 0, c = 0, d = 0, e = 0] = groups.slice(first, first + count).map(size);
  if (a !== 4) return false;
  if (count === 3) return b === 6 && (c === 4 || c === 5);
  if (b !== 4 || c !== 4) return false;
  if (count === 4) return d >= 1 && d <= 4;
  return count === 5 && d === 4 && e >= 1 && e <= 3;
}

const AMEX = /^3[47]/;
const DINERS = /^3(?:0[0-5]|095|[689])/;

/** Diners Club International: 300-305, 3095, 36, 38, 39. */
export function isDinersPrefix(digits: string): boolean {
  return DINERS.test(digits);
}

/**
 * Amex is always 15 digits; every other network issues 13 (old Visa) or 16-19, and Diners Club
 * also 14, printed 4-6-4 (`3056 930902 5904`; 14 digits in a row are too common to need no label,
 * labelled-identifiers.ts).
 */
function plausibleLength(prefix: string, digits: number, groups: number): boolean {
  if (AMEX.test(prefix)) return digits === 15;
  return digits === 13 || digits >= 16 || (digits === 14 && groups === 3 && DINERS.test(prefix));
}

function digitGroups(run: string): Group[] {
  const groups: Group[] = [];
  for (let start = 0; start < run.length; ) {
    let end = start;
    while (end < run.length && run.charCodeAt(end) !== 32 && run.charCodeAt(end) !== 45) end++;
    groups.push({ start, end });
    start = end + 1;
  }
  return groups;
}

/**
 * How many groups, from group `first` on, make a card: the most that do (a card may be followed by
 * an expiry, `4111 1111 1111 1111 12/27`), or 0. A card uses one kind of separator throughout. This
 * runs for every group of a run (1 MB of `4111 ` is 200,000), so it copies nothing out of the run.
 */
function cardGroupsFrom(run: string, groups: Group[], first: number): number {
  const start = groups[first]?.start;
  if (start === undefined) return 0;
  const second = groups[first + 1];
  const separator = second ? run.charCodeAt(second.start - 1) : 0;
  let count = 0;
  let digits = 0;
  for (let g = first; g < groups.length; g++, count++) {
    const group = groups[g]!; // g < groups.length
    if (g > first && run.charCodeAt(group.start - 1) !== separator) break;
    if (digits + size(group) > MAX_CARD_DIGITS) break;
    digits += size(group);
  }
  const prefix = run.slice(start, start + 4);
  if (digits < MIN_CARD_DIGITS || !ISSUER.test(prefix)) return 0;
  // Groups first .. first + count - 1 exist: the loop above counted them.
  for (; count > 0 && digits >= MIN_CARD_DIGITS; digits -= size(groups[first + --count]!)) {
    if (cardGrouping(groups, first, count) && plausibleLength(prefix, digits, count) && isLuhnValid(run, start, groups[first + count - 1]!.end)) {
      return count;
    }
  }
  return 0;
}

/**
 * Payment cards: Luhn-valid numbers of an issuer's prefix and length, printed as cards are (no
 * separators, or 4-4-4-4, Amex 4-6-5). A card may start at any group of a run that a space precedes
 * (`ref 1234 5678 4111 1111 1111 1111`), also inside a card found before it; each group is tried
 * once, so this stays linear.
 */
export const detectPaymentCards: Detector = (text, out, facts) => {
  if (facts.maxNumericRunDigits() < MIN_CARD_DIGITS) return;
  forEachMatch(DIGIT_RUN, text, (m) => {
    if (m[0].length < MIN_CARD_DIGITS) return;
    const groups = digitGroups(m[0]);
    for (let g = 0; g < groups.length; ) {
      const group = groups[g]!; // g < groups.length
      const count = g === 0 || m[0][group.start - 1] === " " ? cardGroupsFrom(m[0], groups, g) : 0;
      if (count === 0) {
        g++;
        continue;
      }
      // cardGroupsFrom counted `count` groups from g, so g + count - 1 is one of them.
      out.push({ start: m.index + group.start, end: m.index + groups[g + count - 1]!.end, kind: "payment_card", priority: PRIORITY.personal });
      // A reference that happens to read as a card may run into the real card after it
      // (`ref 3579 8403 4305 9394 0604 5362`): the groups inside this card are tried too, and the
      // overlapping findings merge. Each group is still tried once.
      g++;
    }
  });
};

const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}/g;

/** IBANs, printed or compact: the country fixes the length, then mod-97 must hold. */
export const detectIbans: Detector = (text, out, facts) => {
  if (!facts.hasIbanStart()) return;
  forEachMatch(IBAN, text, (m) => {
    const length = ibanLength(m[0].slice(0, 2));
    if (length === undefined) {
      // Not a country, but the greedy match may have run over one that is (`GJ06… FR60 …`).
      IBAN.lastIndex = m.index + 1;
      return;
    }
    let compact = "";
    let end = 0;
    while (end < m[0].length && compact.length < length) {
      if (m[0][end] !== " ") compact += m[0][end];
      end++;
    }
    // The greedy match may run into a following IBAN: resume where this one ends (bounded, so linear).
    const valid = compact.length === length && !/[A-Za-z0-9]/.test(text[m.index + end] ?? "") && isIbanChecksumValid(compact);
    IBAN.lastIndex = m.index + (valid ? end : 1);
    if (valid) out.push({ start: m.index, end: m.index + end, kind: "iban", priority: PRIORITY.personal });
  });
};
