import { ibanLength, isIbanChecksumValid } from "../iban";
import { isLuhnValid } from "../luhn";
import { PRIORITY } from "../priority";
import { forEachMatch } from "../scan";
import type { Detector } from "../types";

const CARD = /(?<![\w.-])[0-9](?:[ -]?[0-9]){12,18}(?![\w-])/g;
/** Issuer prefixes of the networks in use (Visa, Mastercard incl. 2-series, Amex, Discover, JCB,
 * Diners, UnionPay, Maestro); a Luhn-valid 13-19 digit id outside them is more likely an order id. */
const ISSUER = /^(?:4|5[1-5]|2(?:22[1-9]|2[3-9][0-9]|[3-6][0-9]{2}|7[01][0-9]|720)|3[47]|30[0-5]|3[689]|35(?:2[89]|[3-8][0-9])|6(?:011|5|4[4-9]|2)|50|5[6-8]|6[37])/;

/** Group lengths printed on cards: 4,4,4,4 (then 1-3 more), 4,4,4 then 1-3, Amex 4,6,4|5. */
function cardGrouping(groups: number[]): boolean {
  if (groups[0] !== 4) return false;
  if (groups.length === 3) return groups[1] === 6 && (groups[2] === 4 || groups[2] === 5);
  if (groups[1] !== 4 || groups[2] !== 4) return false;
  if (groups.length === 4) return groups[3] >= 1 && groups[3] <= 4;
  return groups.length === 5 && groups[3] === 4 && groups[4] >= 1 && groups[4] <= 3;
}

/**
 * The digits of a matched card number if its groups are the ones printed on cards (none, or one
 * separator kind between groups of 4, Amex 4-6-5), else null. One hand pass: this runs for every
 * 13-19 digit run, and 1 MB of `4111 ` is 50,000 of them.
 */
function groupedDigits(raw: string): string | null {
  const groups: number[] = [];
  let sep = 0;
  let group = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 32 || c === 45) {
      if (sep !== 0 && sep !== c) return null;
      sep = c;
      groups.push(group);
      group = 0;
    } else {
      group++;
    }
  }
  if (sep === 0) return raw;
  groups.push(group);
  return cardGrouping(groups) ? raw.replace(sep === 32 ? / /g : /-/g, "") : null;
}

/** Amex is always 15 digits; every other network issues 13 (old Visa) or 16-19. */
function plausibleLength(digits: string): boolean {
  return /^3[47]/.test(digits) ? digits.length === 15 : digits.length === 13 || digits.length >= 16;
}

/** Fewest digits of a card (old 13-digit Visa). */
const MIN_CARD_DIGITS = 13;

export const detectPaymentCards: Detector = (text, out, facts) => {
  if (facts.maxNumericRunDigits() < MIN_CARD_DIGITS) return;
  forEachMatch(CARD, text, (m) => {
    const digits = groupedDigits(m[0]);
    if (digits === null || !ISSUER.test(digits) || !plausibleLength(digits) || !isLuhnValid(digits)) return;
    out.push({ start: m.index, end: m.index + m[0].length, kind: "payment_card", priority: PRIORITY.personal });
  });
};

const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}/g;

/** IBANs, printed or compact: the country fixes the length, then mod-97 must hold. */
export const detectIbans: Detector = (text, out, facts) => {
  if (!facts.hasIbanStart()) return;
  forEachMatch(IBAN, text, (m) => {
    const length = ibanLength(m[0].slice(0, 2));
    if (length === undefined) return;
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
