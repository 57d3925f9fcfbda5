import { readAssignedValue } from "../assigned-value";
import { PRIORITY } from "../priority";
import { forEachMatch } from "../scan";
import { IP_WORD } from "../text-facts";
import type { Detector, Finding } from "../types";

/** Field and header names that say the address is a person's (the client's), not a server's. */
const CLIENT_IP_KEY =
  /(?:client|remote|source|src|user|origin|peer|real|visitor|caller|end[_-]?user|true[_-]?client|cf[_-]?connecting|customer)[_.-]?(?:ip[_-]?addr(?:ess)?|ip|addr(?:ess)?)(?![A-Za-z0-9])|x-forwarded-for|x-real-ip|(?<![A-Za-z0-9-])forwarded(?![A-Za-z0-9])/gi;

const WHOLE_CLIENT_IP_KEY = new RegExp(`^(?:${CLIENT_IP_KEY.source})$`, "i");

export function isClientIpKey(key: string): boolean {
  return WHOLE_CLIENT_IP_KEY.test(key.replace(/^[^A-Za-z]+/, ""));
}

const IPV4 = /(?<![0-9.])(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}(?![0-9]|\.[0-9])/g;
const IPV6_CANDIDATE = /(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])/g;

function isIpv6(candidate: string): boolean {
  const halves = candidate.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === "" ? [] : h.split(":")));
  if (groups.some((g) => g.length === 0 || g.length > 4)) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}

/** Every IPv4/IPv6 address inside a header or field value (`X-Forwarded-For: a, b`, `for=a;proto=…`). */
export function ipFindings(text: string, start: number, end: number, out: Finding[]): void {
  const value = text.slice(start, end);
  for (const m of value.matchAll(IPV4)) out.push({ start: start + m.index, end: start + m.index + m[0].length, kind: "ip_address", priority: PRIORITY.personal });
  if (!value.includes(":")) return;
  for (const m of value.matchAll(IPV6_CANDIDATE)) {
    if (isIpv6(m[0])) out.push({ start: start + m.index, end: start + m.index + m[0].length, kind: "ip_address", priority: PRIORITY.personal });
  }
}

/** `X-Forwarded-For: a, b, c` unquoted: the list runs on over address characters, commas and blanks. */
function ipListEnd(text: string, from: number): number {
  const limit = Math.min(text.length, from + 1024);
  let end = from;
  while (end < limit && /[0-9A-Fa-f:.,[\] \t]/.test(text.charAt(end))) end++;
  return end;
}

/** Client IP addresses, only where the key or header says whose address it is. */
export const detectClientIps: Detector = (text, out, facts) => {
  if (!facts.mentions(IP_WORD)) return;
  forEachMatch(CLIENT_IP_KEY, text, (m) => {
    const keyEnd = m.index + m[0].length;
    const value = readAssignedValue(text, m.index, keyEnd, false);
    if (value === null) return;
    ipFindings(text, value.start, value.quoted ? value.end : Math.max(value.end, ipListEnd(text, value.start)), out);
  });
};
