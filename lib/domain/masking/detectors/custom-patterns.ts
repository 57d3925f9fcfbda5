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

/**
 * The literal every match of `re` starts with (`cus_` for `cus_[A-Za-z0-9]{14}`), as RE2 itself
 * computes it from the compiled program (case-sensitive runes only, stopping at the first class,
 * alternation, repetition or case-folded char); "" when there is none. A text without it cannot
 * match, and `includes` rejects it far cheaper than re2js's `test` (its input wrapper and matcher
 * setup cost more than the search on the many short strings of a JSON context).
 */
function requiredPrefix(re: RE2JS): string {
  const prefix = (re.re2() as { prefix?: unknown } | null)?.prefix;
  return typeof prefix === "string" ? prefix : "";
}

/** Compiles admin patterns with RE2 (linear time whatever the admin types) into one detector. */
export function createCustomPatternDetector(patterns: CustomPattern[]): Detector | null {
  if (patterns.length === 0) return null;
  const compiled = patterns.map(({ kind, pattern }) => {
    if (!KIND.test(kind)) throw new InvalidPatternError(kind, pattern, "kind must be snake_case, e.g. customer_id");
    try {
      const re = RE2JS.compile(pattern);
      return { kind, re, prefix: requiredPrefix(re) };
    } catch (error) {
      throw new InvalidPatternError(kind, pattern, error instanceof Error ? error.message : String(error));
    }
  });
  return (text, out) => {
    for (const { kind, re, prefix } of compiled) {
      if ((prefix !== "" && !text.includes(prefix)) || !re.test(text)) continue;
      const matcher = re.matcher(text);
      while (matcher.find()) {
        const start = matcher.start();
        const end = matcher.end();
        if (end > start) out.push({ start, end, kind, priority: PRIORITY.custom });
      }
    }
  };
}
