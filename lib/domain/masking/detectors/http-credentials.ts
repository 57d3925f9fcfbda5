import type { BuiltInKind } from "../kinds";
import { PRIORITY } from "../priority";
import { isReferenceValue } from "../reference-values";
import { requiredGroup, requiredGroupSpan } from "../scan";
import type { Detector, Finding } from "../types";

const SCHEMES: Record<string, BuiltInKind> = {
  bearer: "bearer_token",
  basic: "basic_auth",
};
const SCHEME = /^(Bearer|Basic|Token|Digest|SSWS|Bot|ApiKey|Api-Key|Negotiate|NTLM|OAuth|AWS4-HMAC-SHA256|GoogleLogin|Splunk)\s+/i;

/** A header value that was not quoted runs to the end of its line, or of the quoted shell argument it sits in. */
export function headerValueEnd(text: string, from: number): number {
  const limit = Math.min(text.length, from + 8192);
  let i = from;
  for (; i < limit; i++) {
    const ch = text[i];
    if (ch === "\n" || ch === "\r" || ch === '"' || ch === "'" || ch === "\\") break;
  }
  while (i > from && text.charCodeAt(i - 1) <= 32) i--;
  return i;
}

/** `Authorization: <scheme> <credentials>`: the scheme stays readable, the credentials do not. */
export function authorizationFindings(text: string, start: number, end: number, out: Finding[]): void {
  const value = text.slice(start, end);
  const scheme = SCHEME.exec(value);
  const from = start + (scheme ? scheme[0].length : 0);
  if (from >= end || isReferenceValue(text.slice(from, end))) return;
  const kind = scheme ? (SCHEMES[requiredGroup(scheme, 1).toLowerCase()] ?? "auth_token") : "auth_token";
  out.push({ start: from, end, kind, priority: PRIORITY.structure });
}

/** `Cookie: a=1; b=2` masks every value; `Set-Cookie: sid=…; Path=/` only the cookie, not its attributes. */
export function cookieFindings(text: string, start: number, end: number, onlyFirst: boolean, out: Finding[]): void {
  let pairStart = start;
  while (pairStart < end) {
    let pairEnd = text.indexOf(";", pairStart);
    if (pairEnd < 0 || pairEnd > end) pairEnd = end;
    const eq = text.indexOf("=", pairStart);
    if (eq >= 0 && eq < pairEnd) {
      let valueStart = eq + 1;
      let valueEnd = pairEnd;
      while (valueStart < valueEnd && text.charCodeAt(valueStart) <= 32) valueStart++;
      while (valueEnd > valueStart && text.charCodeAt(valueEnd - 1) <= 32) valueEnd--;
      if (valueEnd > valueStart) out.push({ start: valueStart, end: valueEnd, kind: "cookie", priority: PRIORITY.context });
    }
    if (onlyFirst) return;
    pairStart = pairEnd + 1;
  }
}

const BARE_BEARER = /\b(?:Bearer|Token) +([A-Za-z0-9._~+/-]{16,4096}=*)/dg;

/** Bearer credentials quoted without their header ("retrying with Bearer eyJ…"). */
export const detectBareBearerTokens: Detector = (text, out) => {
  if (!text.includes("Bearer") && !text.includes("Token")) return;
  for (const m of text.matchAll(BARE_BEARER)) {
    const [start, end] = requiredGroupSpan(m, 1);
    if (!/[0-9]/.test(requiredGroup(m, 1))) continue;
    out.push({ start, end, kind: "bearer_token", priority: PRIORITY.structure });
  }
};
