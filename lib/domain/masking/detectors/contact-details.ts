import { PRIORITY } from "../priority";
import { forEachMatch } from "../scan";
import type { Detector } from "../types";

function isLocalChar(c: number): boolean {
  // A-Z a-z 0-9 . _ % + -
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

function isDomainChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 45;
}

/** The "@" belongs to a URL's userinfo (`scheme://user@host`), not to an email address. */
function inUrlAuthority(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && start - i < 256 && text[i] !== "/" && text.charCodeAt(i) > 32) i--;
  return i >= 2 && text[i] === "/" && text[i - 1] === "/" && text[i - 2] === ":";
}

/** Google service accounts (`deployer@acme-prod.iam.gserviceaccount.com`) are robots, not people:
 * a reviewer needs to see which account a key or a binding is for. */
function isServiceAccountDomain(domain: string): boolean {
  return domain === "gserviceaccount.com" || domain.endsWith(".gserviceaccount.com");
}

/**
 * Email addresses, found from each "@" outwards (each side stops at the neighbouring "@", so the
 * scan is linear). Not emails: `git@github.com:org/repo` remotes and `user:pass@host` in URLs,
 * which the URL detector handles so the host stays readable.
 */
export const detectEmails: Detector = (text, out) => {
  let at = text.indexOf("@");
  while (at >= 0) {
    let start = at;
    while (start > 0 && isLocalChar(text.charCodeAt(start - 1)) && at - start < 64) start--;
    while (start < at && text[start] === ".") start++;
    let end = at + 1;
    while (end < text.length && isDomainChar(text.charCodeAt(end)) && end - at < 254) end++;
    while (end > at + 1 && (text[end - 1] === "." || text[end - 1] === "-")) end--;
    const domain = text.slice(at + 1, end);
    const local = text.slice(start, at);
    const isEmail =
      local.length > 0 &&
      local !== "git" &&
      !isServiceAccountDomain(domain) &&
      /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/.test(domain) &&
      !inUrlAuthority(text, start);
    if (isEmail) out.push({ start, end, kind: "email", priority: PRIORITY.personal });
    at = text.indexOf("@", Math.max(at + 1, isEmail ? end : at + 1));
  }
};

/** E.164 (`+44 20 7946 0958`, `+14155552671`) and common national formats: NANP with separators;
 * UK, Dutch and Australian mobile grouped digits (`020 7946 0958`, `0412 345 678`); French pairs;
 * German and Dutch trunk-prefixed numbers with one separator (`030 1234567`, `0151-23456789`,
 * `06 12345678`); Australian landlines (`(02) 9876 5432`, `02 9876 5432`); Indian mobiles (`98765 43210`). Bare digit
 * runs are not phones: they are ids, timestamps, amounts; nor is a group inside a longer run of digit
 * groups (a card, a tracking number, a table row), nor anything next to "/" (paths, dates). */
const INTERNATIONAL = /(?<![\w+])\+[1-9][0-9 .()-]{6,22}[0-9]/g;
const NATIONAL =
  /(?<![\w.+-])(?<![0-9][ .-])(?:\([2-9][0-9]{2}\) ?[2-9][0-9]{2}[-.][0-9]{4}|[2-9][0-9]{2}([-.])[2-9][0-9]{2}\1[0-9]{4}|0[0-9]{2,4} [0-9]{3,4} [0-9]{3,4}|0[1-9]([ .])[0-9]{2}(?:\2[0-9]{2}){3}|(?<!\/)(?:0[2378] [0-9]{4} [0-9]{4}|0[1-9][0-9]{0,4}[ -][0-9]{4,8}|\(0[1-9][0-9]{0,4}\) ?[0-9]{4}(?: ?[0-9]{1,4})?|[6-9][0-9]{4}[ -][0-9]{5})(?!\/))(?![\w.-]|-[0-9]|[ .][0-9])/g;
const COMPACT_DATE = /^(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])$/;
/** National numbers have 9 to 13 digits, trunk "0" included (German numbers vary in length). */
const MIN_NATIONAL_DIGITS = 9;
const MAX_NATIONAL_DIGITS = 13;

function digitCount(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** Fewest digits of an international number. */
const MIN_INTERNATIONAL_DIGITS = 8;

export const detectPhoneNumbers: Detector = (text, out, facts) => {
  // Both patterns match only `[0-9 .()+-]`: a text whose runs of those hold too few digits has no phone.
  const numericDigits = facts.maxNumericRunDigits();
  if (numericDigits >= MIN_INTERNATIONAL_DIGITS && text.includes("+")) {
    forEachMatch(INTERNATIONAL, text, (m) => {
      const digits = m[0].replace(/[^0-9]/g, "").length;
      if (digits < MIN_INTERNATIONAL_DIGITS || digits > 15 || /[ .()-]{2}/.test(m[0].replace(/\) /g, ")"))) return;
      out.push({ start: m.index, end: m.index + m[0].length, kind: "phone_number", priority: PRIORITY.personal });
    });
  }
  if (numericDigits < MIN_NATIONAL_DIGITS) return;
  forEachMatch(NATIONAL, text, (m) => {
    const digits = digitCount(m[0]);
    if (digits < MIN_NATIONAL_DIGITS || digits > MAX_NATIONAL_DIGITS) return;
    // `build 06-20240101`: a date after a short number is a version or a batch, not a subscriber number.
    const dash = m[0].indexOf("-");
    if (dash > 0 && COMPACT_DATE.test(m[0].slice(dash + 1))) return;
    out.push({ start: m.index, end: m.index + m[0].length, kind: "phone_number", priority: PRIORITY.personal });
  });
};
