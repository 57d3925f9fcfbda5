import type { CallMemo } from "../call-memo";
import { PRIORITY } from "../priority";
import { moveFinding, type Detector, type Finding } from "../types";

/** Runs every detector on a decoded text; the engine hands in a shallower detector set at each level. */
export type DetectInner = (decoded: string, memo: CallMemo) => Finding[];

const MAX_BLOB = 1 << 20;

/**
 * Decoded bytes are text (ASCII or UTF-8 continuation bytes), not a digest or an image: at least 95%
 * printable or high, at most 20% high. Both counts only grow, so the answer is "no" as soon as
 * either limit is passed: random bytes (most base64 runs: tokens, hashes) stop after a few bytes.
 */
function mostlyText(bytes: Buffer): boolean {
  const maxOther = bytes.length - bytes.length * 0.95; // neither printable nor high
  const maxHigh = bytes.length * 0.2;
  let other = 0;
  let high = 0;
  for (const c of bytes) {
    if (c >= 0x80) {
      if (++high > maxHigh) return false;
    } else if (!((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13)) {
      if (++other > maxOther) return false;
    }
  }
  return true;
}

function strongest(findings: Finding[]): Finding {
  return findings.reduce((best, f) => (f.priority > best.priority ? f : best));
}

/**
 * Base64 wrapping a secret (a kubeconfig, a JSON blob, `user:password`) is masked whole, with the
 * kind of what it hides: the reviewer learns what it was, and no part of the encoding survives.
 */
export function createBase64Detector(detectInner: DetectInner): Detector {
  return (text, out, facts) => {
    // Runs of the base64 alphabet, 24+ long, with their padding; they start after "=" too:
    // `config=<base64>` is an assignment, not the middle of a blob.
    const runs = facts.tokenRuns();
    for (let i = 0; i + 2 < runs.length; i += 3) {
      const start = runs[i]!; // i + 2 < runs.length
      const end = runs[i + 2]!;
      if (end - start > MAX_BLOB || (end - start) % 4 === 1) continue;
      const bytes = Buffer.from(text.slice(start, end), "base64");
      if (bytes.length < 8 || !mostlyText(bytes)) continue;
      const inner = detectInner(bytes.toString("utf8"), facts.memo); // runs this detector again one level down
      if (inner.length === 0) continue;
      out.push({ start, end, kind: strongest(inner).kind, priority: PRIORITY.encoded });
    }
  };
}

/** Value of a hex digit, or -1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/**
 * Percent-decodes ASCII escapes (`%00`-`%7F`), remembering for each decoded char where it came from.
 * Char codes, not a string built char by char with a regex per escape: 1 MB of `%41` cost 4x
 * ordinary text that way.
 */
function percentDecode(run: string): { decoded: string; origin: Int32Array } {
  const codes = new Uint16Array(run.length);
  const origin = new Int32Array(run.length + 1);
  let n = 0;
  for (let i = 0; i < run.length; ) {
    const high = run.charCodeAt(i) === 37 ? hexValue(run.charCodeAt(i + 1)) : -1;
    const low = high >= 0 && high <= 7 ? hexValue(run.charCodeAt(i + 2)) : -1;
    origin[n] = i;
    if (low >= 0) {
      codes[n++] = high * 16 + low;
      i += 3;
    } else {
      codes[n++] = run.charCodeAt(i);
      i++;
    }
  }
  origin[n] = run.length;
  let decoded = "";
  for (let i = 0; i < n; i += 4096) decoded += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + 4096)) as unknown as number[]);
  return { decoded, origin };
}

function endsEncodedRun(code: number): boolean {
  return code <= 32 || code === 34 || code === 39 || code === 60 || code === 62;
}

/**
 * URL-encoded text (`redirect=https%3A%2F%2Fuser%3Apass%40host`) is decoded and scanned; what is
 * found there maps back to exactly the encoded characters that spell it.
 */
export function createPercentEncodingDetector(detectInner: DetectInner): Detector {
  return (text, out, facts) => {
    let at = text.indexOf("%");
    while (at >= 0) {
      let start = at;
      while (start > 0 && !endsEncodedRun(text.charCodeAt(start - 1)) && at - start < MAX_BLOB) start--;
      let end = at;
      while (end < text.length && !endsEncodedRun(text.charCodeAt(end)) && end - at < MAX_BLOB) end++;
      const run = text.slice(start, end);
      const { decoded, origin } = percentDecode(run);
      if (decoded.length !== run.length) {
        for (const f of detectInner(decoded, facts.memo)) {
          // A finding lies within `decoded`, and `origin` has an entry for every offset 0..decoded.length.
          out.push(moveFinding(f, start + origin[f.start]!, start + origin[f.end]!));
        }
      }
      at = text.indexOf("%", end);
    }
  };
}
