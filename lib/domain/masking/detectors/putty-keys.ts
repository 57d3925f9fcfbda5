import { PRIORITY } from "../priority";
import type { Detector } from "../types";

const HEADER = "PuTTY-User-Key-File-";
const MAC = "Private-MAC:";
const PRIVATE_LINES = "Private-Lines:";
const MAX_KEY_FILE = 65_536;

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}

/**
 * `[A-Za-z0-9+/=\s\\:-]`: what the body of a key file is made of (base64, line breaks real or
 * escaped, header-like `Key: value` lines). A char-code test, not a regex per char: the body of a
 * truncated key is read up to 64 KB, and 1 MB of repeated headers is body all the way.
 */
export function isBase64BodyChar(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 47 && code <= 58) || code === 43 ||
    code === 61 || code === 92 || code === 45 || code === 32 || (code >= 9 && code <= 13) || code === 160 ||
    code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f ||
    code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** End of the `Private-MAC: <hex>` line starting at `at`. */
function macEnd(text: string, at: number): number {
  let i = at + MAC.length;
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  while (i < text.length && isHex(text.charCodeAt(i))) i++;
  return i;
}

/** Base64 lines (real or `\n`-escaped line breaks) after `Private-Lines: N`, for a file cut short before its MAC. */
function privateLinesEnd(text: string, from: number, limit: number): number {
  let i = from;
  while (i < limit && isBase64BodyChar(text.charCodeAt(i))) i++;
  for (;;) {
    if (i > from && text.charCodeAt(i - 1) <= 32) i--;
    else if (i - 1 > from && text[i - 1] === "n" && text[i - 2] === "\\") i -= 2;
    else return i;
  }
}

/**
 * PuTTY private key files (.ppk, versions 2 and 3), whole: from the `PuTTY-User-Key-File-N:` header to
 * the end of the `Private-MAC:` line, as PEM keys are masked BEGIN to END. The public half is masked
 * with it: the file is one secret. The next MAC is remembered, so repeated headers are scanned once.
 */
export const detectPuttyKeys: Detector = (text, out) => {
  let at = text.indexOf(HEADER);
  // Next MAC and next Private-Lines at or after the current header; -2 once there are no more.
  let nextMac = -1;
  let nextLines = -1;
  while (at >= 0) {
    if (nextMac !== -2 && nextMac < at) nextMac = text.indexOf(MAC, at);
    if (nextMac < 0) nextMac = -2;
    const limit = Math.min(text.length, at + MAX_KEY_FILE);
    let end = -1;
    if (nextMac >= 0 && nextMac < limit) {
      end = macEnd(text, nextMac);
    } else {
      if (nextLines !== -2 && nextLines < at) nextLines = text.indexOf(PRIVATE_LINES, at);
      if (nextLines < 0) nextLines = -2;
      if (nextLines >= 0 && nextLines < limit) end = privateLinesEnd(text, nextLines + PRIVATE_LINES.length, limit);
    }
    if (end > at) out.push({ start: at, end, kind: "private_key", priority: PRIORITY.structure });
    at = text.indexOf(HEADER, Math.max(at + 1, end));
  }
};
