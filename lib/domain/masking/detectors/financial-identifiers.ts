import { ibanLength, isIbanChecksumValid } from "../iban";
import { isLuhnValid } from "../luhn";
import { PRIORITY } from "../priority";
import { forEachMatch } from "../scan";
import type { Detector } from "../types";

const CARD = /(?<![\w.-])[0-9](?:[ -]?[0-9]){12,18}(?![\w-])/g;
/** Issuer prefixes of the networks in use (Visa, Mastercard incl. 2-series, Amex, Discover, JCB,
 * Diners, UnionPay, Maestro); a Luhn-valid 13-19 digit id outside them is more likely an order id. */
const ISSUER = /^(?:4|5[1-5]|2(?:22[1-9]|2[3-9][0-9]|[3-6][0-9]{2}|7[01][0-9]|720)|3[47]|30[0-5]|3[689]|35(?:2[89]|[3-8][0-9])|6(?:011|5|4[4-9]|2)|50|5[6-8]|6[37])/;

/** Groups must be the ones printed on cards: none, or one separator kind between groups of 4 (Amex 4-6-5). */
function wellGrouped(raw: string): boolean {
  if (!/[ -]/.test(raw)) return true;
  const sep = raw.includes(" ") ? " " : "-";
  if (raw.includes(sep === " " ? "-" : " ")) return false;
  const groups = raw.split(sep).map((g) => g.length).join(",");
  return /^(?:4,4,4,4(?:,[1-3])?|4,4,4,[1-3]|4,6,[45])$/.test(groups);
}

/** Amex is always 15 digits; every other network issues 13 (old Visa) or 16-19. */
function plausibleLength(digits: string): boolean {
  return /^3[47]/.test(digits) ? digits.length === 15 : digits.length === 13 || digits.length >= 16;
}

export const detectPaymentCards: Detector = (text, out) => {
  forEachMatch(CARD, text, (m) => {
    const digits = m[0].replace(/[ -]/g, "");
    if (!ISSUER.test(digits) || !plausibleLength(digits) || !wellGrouped(m[0]) || !isLuhnValid(digits)) return;
    out.push({ start: m.index, end: m.index + m[0].length, kind: "payment_card", priority: PRIORITY.personal });
  });
};

const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}/g;

/** IBANs, printed or compact: the country fixes the length, then mod-97 must hold. */
export const detectIbans: Detector = (text, out) => {
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
