import { PRIORITY } from "../priority";
import { forEachMatch, requiredGroup } from "../scan";
import type { Detector, Finding } from "../types";

const US_SSN = /(?<![\w-])([0-9]{3})-([0-9]{2})-([0-9]{4})(?![\w-])/g;
const SPANISH_ID = /(?<![\w-])([XYZ]?)([0-9]{7,8})-?([A-Z])(?![\w-])/g;
const BRAZIL_CPF = /(?<![\w.-])[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2}(?![\w-])/g;
const CHINA_RIC = /(?<![\w])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X](?![\w])/g;

/** SSA never issues area 000, 666 or 900-999, group 00 or serial 0000. */
export function isPlausibleSsn(area: string, group: string, serial: string): boolean {
  return area !== "000" && area !== "666" && area[0] !== "9" && group !== "00" && serial !== "0000";
}

/** Spanish DNI/NIE: the letter is the number mod 23 (NIE prefixes X/Y/Z count as 0/1/2). */
function isValidSpanishId(prefix: string, digits: string, letter: string): boolean {
  if ((prefix === "" && digits.length !== 8) || (prefix !== "" && digits.length !== 7)) return false;
  const n = Number(`${prefix === "" ? "" : "XYZ".indexOf(prefix)}${digits}`);
  return "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23] === letter;
}

/** Brazilian CPF: two mod-11 check digits; repeated digits are valid by arithmetic but never issued. */
function isValidCpf(formatted: string): boolean {
  const d = formatted.replace(/[^0-9]/g, "").split("").map(Number);
  if (d.every((x) => x === d[0])) return false;
  const check = (len: number) => {
    const sum = d.slice(0, len).reduce((acc, x, i) => acc + x * (len + 1 - i), 0);
    return ((sum * 10) % 11) % 10;
  };
  return check(9) === d[9] && check(10) === d[10];
}

/** Chinese resident identity card: ISO 7064 mod 11-2 check character. */
function isValidChinaRic(id: string): boolean {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * (id.charCodeAt(i) - 48), 0);
  return "10X98765432"[sum % 11] === id[17];
}

function push(out: Finding[], start: number, value: string, kind: Finding["kind"]): void {
  out.push({ start, end: start + value.length, kind, priority: PRIORITY.personal });
}

/** National identity numbers whose format or checksum makes them recognisable without context. */
/**
 * Each pattern runs only where the text has enough digits for it (the facts' one pass): an SSN has
 * 9 digits among dashes, a CPF 11 among dots and dashes, a DNI/NIE 7 or 8 in a row, a Chinese id 17.
 */
export const detectNationalIds: Detector = (text, out, facts) => {
  const numericDigits = facts.maxNumericRunDigits();
  const consecutiveDigits = facts.maxConsecutiveDigits();
  if (numericDigits >= 9) {
    forEachMatch(US_SSN, text, (m) => {
      if (isPlausibleSsn(requiredGroup(m, 1), requiredGroup(m, 2), requiredGroup(m, 3))) push(out, m.index, m[0], "us_ssn");
    });
  }
  if (consecutiveDigits >= 7) {
    forEachMatch(SPANISH_ID, text, (m) => {
      if (isValidSpanishId(requiredGroup(m, 1), requiredGroup(m, 2), requiredGroup(m, 3))) push(out, m.index, m[0], "national_id");
    });
  }
  if (numericDigits >= 11) {
    forEachMatch(BRAZIL_CPF, text, (m) => {
      if (isValidCpf(m[0])) push(out, m.index, m[0], "national_id");
    });
  }
  if (consecutiveDigits >= 17) {
    forEachMatch(CHINA_RIC, text, (m) => {
      if (isValidChinaRic(m[0])) push(out, m.index, m[0], "national_id");
    });
  }
};
