import { PRIORITY } from "../priority";
import type { Detector } from "../types";
import { isBase64BodyChar } from "./putty-keys";

const BEGIN = /-----BEGIN ((?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?)-----/g;
const MAX_KEY_BLOCK = 65_536;

/** Base64 body of a key with no END line (truncated paste): letters, padding, line breaks, escaped `\n`. */
function bodyEnd(text: string, from: number): number {
  const limit = Math.min(text.length, from + MAX_KEY_BLOCK);
  let i = from;
  while (i < limit && (isBase64BodyChar(text.charCodeAt(i)) || text.charCodeAt(i) === 44)) i++;
  return i;
}

/**
 * PEM and OpenSSH private keys, whole, BEGIN to END: real line breaks or `\n` escaped inside a JSON
 * string. Certificates and public keys are not secret and are left alone. The next END marker is
 * remembered, so a text repeating "-----BEGIN … PRIVATE KEY-----" is still scanned once.
 */
export const detectPrivateKeys: Detector = (text, out) => {
  if (!text.includes("PRIVATE KEY")) return;
  let nextEnd = -1;
  let coveredTo = 0;
  for (const m of text.matchAll(BEGIN)) {
    if (m.index < coveredTo) continue;
    const bodyStart = m.index + m[0].length;
    if (nextEnd !== Infinity && nextEnd < bodyStart) {
      const found = text.indexOf("-----END ", bodyStart);
      nextEnd = found < 0 ? Infinity : found;
    }
    const footer = `-----END ${m[1]}-----`;
    const end =
      nextEnd !== Infinity && nextEnd - bodyStart <= MAX_KEY_BLOCK && text.startsWith(footer, nextEnd)
        ? nextEnd + footer.length
        : bodyEnd(text, bodyStart);
    out.push({ start: m.index, end, kind: "private_key", priority: PRIORITY.structure });
    coveredTo = end;
  }
};
