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
      /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/.test(domain) &&
      !inUrlAuthority(text, start);
    if (isEmail) out.push({ start, end, kind: "email", priority: PRIORITY.personal });
    at = text.indexOf("@", Math.max(at + 1, isEmail ? end : at + 1));
  }
};

/** E.164 (`+44 20 7946 0958`, `+14155552671`) and common national formats: NANP with separators,
 * UK and French grouped digits. Bare digit runs are not phones: they are ids, timestamps, amounts;
 * nor is a group inside a longer run of digit groups (a card or tracking number). */
const INTERNATIONAL = /(?<![\w+])\+[1-9][0-9 .()-]{6,22}[0-9]/g;
const NATIONAL =
  /(?<![\w.+-])(?<![0-9][ .-])(?:\([2-9][0-9]{2}\) ?[2-9][0-9]{2}[-.][0-9]{4}|[2-9][0-9]{2}([-.])[2-9][0-9]{2}\1[0-9]{4}|0[0-9]{2,4} [0-9]{3,4} [0-9]{3,4}|0[1-9]([ .])[0-9]{2}(?:\2[0-9]{2}){3})(?![\w.-]|-[0-9]|[ .][0-9])/g;

export const detectPhoneNumbers: Detector = (text, out) => {
  if (text.includes("+")) {
    forEachMatch(INTERNATIONAL, text, (m) => {
      const digits = m[0].replace(/[^0-9]/g, "").length;
      if (digits < 8 || digits > 15 || /[ .()-]{2}/.test(m[0].replace(/\) /g, ")"))) return;
      out.push({ start: m.index, end: m.index + m[0].length, kind: "phone_number", priority: PRIORITY.personal });
    });
  }
  forEachMatch(NATIONAL, text, (m) => {
    out.push({ start: m.index, end: m.index + m[0].length, kind: "phone_number", priority: PRIORITY.personal });
  });
};
