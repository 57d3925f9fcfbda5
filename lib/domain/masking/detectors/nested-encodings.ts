import { PRIORITY } from "../priority";
import { forEachMatch } from "../scan";
import type { Detector, Finding } from "../types";

/** Runs every detector on a decoded text; the engine hands in a shallower detector set at each level. */
export type DetectInner = (decoded: string) => Finding[];

/** Starts after "=" too: `config=<base64>` is an assignment, not the middle of a blob. */
const BASE64_BLOB = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,}={0,2}/g;
const MAX_BLOB = 1 << 20;

/** Decoded bytes are text (ASCII or UTF-8 continuation bytes), not a digest or an image. */
function mostlyText(bytes: Buffer): boolean {
  let printable = 0;
  for (const c of bytes) if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13 || c >= 0x80) printable++;
  return printable >= bytes.length * 0.95 && bytes.filter((c) => c >= 0x80).length <= bytes.length * 0.2;
}

function strongest(findings: Finding[]): Finding {
  return findings.reduce((best, f) => (f.priority > best.priority ? f : best));
}

/**
 * Base64 wrapping a secret (a kubeconfig, a JSON blob, `user:password`) is masked whole, with the
 * kind of what it hides: the reviewer learns what it was, and no part of the encoding survives.
 */
export function createBase64Detector(detectInner: DetectInner): Detector {
  return (text, out) => {
    if (text.length < 24) return;
    forEachMatch(BASE64_BLOB, text, (m) => {
      if (m[0].length > MAX_BLOB || m[0].length % 4 === 1) return;
      const bytes = Buffer.from(m[0], "base64");
      if (bytes.length < 8 || !mostlyText(bytes)) return;
      const resume = BASE64_BLOB.lastIndex;
      const inner = detectInner(bytes.toString("utf8")); // re-enters this detector one level down
      BASE64_BLOB.lastIndex = resume;
      if (inner.length === 0) return;
      out.push({ start: m.index, end: m.index + m[0].length, kind: strongest(inner).kind, priority: PRIORITY.encoded });
    });
  };
}

/** Percent-decodes ASCII escapes, remembering for each decoded char where it came from. */
function percentDecode(run: string): { decoded: string; origin: number[] } {
  let decoded = "";
  const origin: number[] = [];
  for (let i = 0; i < run.length; ) {
    if (run[i] === "%" && /^[0-7][0-9A-Fa-f]$/.test(run.slice(i + 1, i + 3))) {
      decoded += String.fromCharCode(parseInt(run.slice(i + 1, i + 3), 16));
      origin.push(i);
      i += 3;
    } else {
      decoded += run[i];
      origin.push(i);
      i++;
    }
  }
  origin.push(run.length);
  return { decoded, origin };
}

function endsEncodedRun(ch: string): boolean {
  return ch <= " " || ch === '"' || ch === "'" || ch === "<" || ch === ">";
}

/**
 * URL-encoded text (`redirect=https%3A%2F%2Fuser%3Apass%40host`) is decoded and scanned; what is
 * found there maps back to exactly the encoded characters that spell it.
 */
export function createPercentEncodingDetector(detectInner: DetectInner): Detector {
  return (text, out) => {
    let at = text.indexOf("%");
    while (at >= 0) {
      let start = at;
      while (start > 0 && !endsEncodedRun(text[start - 1]) && at - start < MAX_BLOB) start--;
      let end = at;
      while (end < text.length && !endsEncodedRun(text[end]) && end - at < MAX_BLOB) end++;
      const run = text.slice(start, end);
      const { decoded, origin } = percentDecode(run);
      if (decoded.length !== run.length) {
        for (const f of detectInner(decoded)) {
          out.push({ ...f, start: start + origin[f.start], end: start + origin[f.end] });
        }
      }
      at = text.indexOf("%", end);
    }
  };
}
