import { PRIORITY } from "../priority";
import type { Detector } from "../types";
import { isBase64BodyChar } from "./putty-keys";

const BEGIN = /-----BEGIN ((?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?)-----/g;
const MAX_KEY_BLOCK = 65_536;

/**
 * Base64 body of a key with no END line (truncated paste): lines of base64, separated by real or
 * escaped (`\n`) line breaks. A line the scan stops in the middle of counts only if it is pure base64
 * cut off by a closing quote (a key cut off with its string); otherwise it is not key material. The body
 * ends at its last base64 character: masking must never join what follows onto the placeholder, or
 * masking the output again would read that text differently.
 *
 * One scanner serves one text: headers repeated along one run of body characters share its stop
 * position, and what is learnt about it is kept, so a text of repeated headers stays linear.
 */
function createBodyScanner(text: string) {
  let runStart = -1;
  let runStop = -1;
  let stopFacts: { lineStart: number; lastNonBase64: number } | null = null;

  const stopOf = (from: number): number => {
    if (from >= runStart && from <= runStop && runStop - from <= MAX_KEY_BLOCK) return runStop;
    const limit = Math.min(text.length, from + MAX_KEY_BLOCK);
    let i = from;
    while (i < limit && (isBase64BodyChar(text.charCodeAt(i)) || text.charCodeAt(i) === 44)) i++;
    if (i !== runStop) stopFacts = null;
    runStart = from;
    runStop = i;
    return i;
  };

  /** The last line break before `stop` within the run, and the last non-base64 character after it. */
  const factsOf = (stop: number) => {
    if (stopFacts) return stopFacts;
    let lineStart = runStart;
    for (let i = stop - 1; i >= runStart; i--) {
      if (isLineBreakAt(text, i)) {
        lineStart = i;
        break;
      }
    }
    let lastNonBase64 = -1;
    for (let i = lineStart; i < stop; i++) {
      if (isLineBreakAt(text, i)) i += text.charCodeAt(i) === 92 ? 1 : 0;
      else if (!isBase64Alphabet(text.charCodeAt(i))) lastNonBase64 = i;
    }
    stopFacts = { lineStart, lastNonBase64 };
    return stopFacts;
  };

  return (from: number): number => {
    let i = stopOf(from);
    if (i < text.length && !isLineBreakAt(text, i)) {
      const { lineStart, lastNonBase64 } = factsOf(i);
      const lineFrom = Math.max(from, lineStart);
      const cutByStringEnd = text.charCodeAt(i) === 34 || text.charCodeAt(i) === 39; // " or '
      if (!cutByStringEnd || lastNonBase64 >= lineFrom) i = lineFrom;
    }
    while (i > from) {
      const last = text.charCodeAt(i - 1);
      const escapedBreak = last === 110 && text.charCodeAt(i - 2) === 92; // "\n" inside a JSON string
      if (isBase64Alphabet(last) && !escapedBreak) return i;
      i -= escapedBreak ? 2 : 1;
    }
    return from;
  };
}

function isLineBreakAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code === 10 || code === 13 || (code === 92 && text.charCodeAt(at + 1) === 110);
}

function isBase64Alphabet(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 43 || code === 47 || code === 61;
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
  const bodyEnd = createBodyScanner(text);
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
        : bodyEnd(bodyStart);
    out.push({ start: m.index, end, kind: "private_key", priority: PRIORITY.structure });
    coveredTo = end;
  }
};
