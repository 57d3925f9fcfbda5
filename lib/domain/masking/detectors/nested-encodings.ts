import { PRIORITY } from "../priority";
import { moveFinding, type Detector, type Finding } from "../types";

/** Runs every detector on a decoded text; the engine hands in a shallower detector set at each level. */
export type DetectInner = (decoded: string) => Finding[];

const MAX_BLOB = 1 << 20;

/** Decoded bytes are text (ASCII or UTF-8 continuation bytes), not a digest or an image. */
function mostlyText(bytes: Buffer): boolean {
  let printable = 0;
  let high = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c >= 0x80) high++;
    else if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
  }
  return printable + high >= bytes.length * 0.95 && high <= bytes.length * 0.2;
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
    for (let i = 0; i < runs.length; i += 3) {
      const start = runs[i];
      const end = runs[i + 2];
      if (end - start > MAX_BLOB || (end - start) % 4 === 1) continue;
      const bytes = Buffer.from(text.slice(start, end), "base64");
      if (bytes.length < 8 || !mostlyText(bytes)) continue;
      const inner = detectInner(bytes.toString("utf8")); // runs this detector again one level down
      if (inner.length === 0) continue;
      out.push({ start, end, kind: strongest(inner).kind, priority: PRIORITY.encoded });
    }
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
          out.push(moveFinding(f, start + origin[f.start], start + origin[f.end]));
        }
      }
      at = text.indexOf("%", end);
    }
  };
}
