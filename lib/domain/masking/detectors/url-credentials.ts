import { PRIORITY } from "../priority";
import { isPlaceholderValue } from "../reference-values";
import type { Detector } from "../types";

const MAX_AUTHORITY = 512;

function endsAuthority(ch: string): boolean {
  return ch === "/" || ch === "?" || ch === "#" || ch === '"' || ch === "'" || ch === "<" || ch === ">" || ch === "\\" || ch <= " ";
}

/**
 * `scheme://user:password@host`, any scheme: only the password is masked, so reviewers still see
 * where the agent connects and as whom. A Sentry DSN carries its key as the user part instead.
 * Each authority scan stops at the next "/", so repeated "://" cannot make it quadratic.
 */
export const detectUrlCredentials: Detector = (text, out) => {
  let at = text.indexOf("://");
  while (at >= 0) {
    const from = at + 3;
    const limit = Math.min(text.length, from + MAX_AUTHORITY);
    let end = from;
    while (end < limit && !endsAuthority(text.charAt(end))) end++;
    const authority = text.slice(from, end);
    const userEnd = authority.lastIndexOf("@");
    if (userEnd > 0) {
      const userinfo = authority.slice(0, userEnd);
      const colon = userinfo.indexOf(":");
      if (colon >= 0 && colon < userinfo.length - 1) {
        // A URL's password is literal: only a template or a redaction mark stands in for one there.
        if (!isPlaceholderValue(userinfo.slice(colon + 1))) {
          out.push({ start: from + colon + 1, end: from + userEnd, kind: "password", priority: PRIORITY.structure });
        }
      } else if (/^[0-9a-f]{32}$/.test(userinfo) && (authority.includes("sentry") || /^\/\d+/.test(text.slice(end, end + 12)))) {
        out.push({ start: from, end: from + userEnd, kind: "sentry_dsn", priority: PRIORITY.format });
      }
    }
    at = text.indexOf("://", Math.max(end, at + 1));
  }
};
