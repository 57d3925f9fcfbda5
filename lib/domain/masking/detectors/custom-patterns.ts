import { RE2JS } from "re2js";
import { PRIORITY } from "../priority";
import type { CustomPattern, Detector } from "../types";

/** A custom pattern that RE2 rejects (syntax, or a feature such as backreferences that is not linear-time). */
export class InvalidPatternError extends Error {
  readonly kind: string;
  readonly pattern: string;
  constructor(kind: string, pattern: string, reason: string) {
    super(`Custom masking pattern for "${kind}" is invalid: /${pattern}/ (${reason})`);
    this.name = "InvalidPatternError";
    this.kind = kind;
    this.pattern = pattern;
  }
}

const KIND = /^[a-z][a-z0-9_]{0,63}$/;

/** Compiles admin patterns with RE2 (linear time whatever the admin types) into one detector. */
export function createCustomPatternDetector(patterns: CustomPattern[]): Detector | null {
  if (patterns.length === 0) return null;
  const compiled = patterns.map(({ kind, pattern }) => {
    if (!KIND.test(kind)) throw new InvalidPatternError(kind, pattern, "kind must be snake_case, e.g. customer_id");
    try {
      return { kind, re: RE2JS.compile(pattern) };
    } catch (error) {
      throw new InvalidPatternError(kind, pattern, error instanceof Error ? error.message : String(error));
    }
  });
  return (text, out) => {
    for (const { kind, re } of compiled) {
      if (!re.test(text)) continue;
      const matcher = re.matcher(text);
      while (matcher.find()) {
        const start = matcher.start();
        const end = matcher.end();
        if (end > start) out.push({ start, end, kind, priority: PRIORITY.custom });
      }
    }
  };
}
