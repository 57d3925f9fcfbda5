import type { TextFacts } from "./text-facts";

/** Kind -> number of values masked. */
export type MaskCounts = Record<string, number>;

/** Kind -> why -> how many: for values a structure named ("field `date_of_birth`", "column `ssn`").
 * Vocabulary words only, never a value. Values found by their format have no entry. */
export type MaskReasons = Record<string, Record<string, number>>;

/** Admin-configured pattern, compiled with RE2 so an admin cannot make masking super-linear. */
export type CustomPattern = { kind: string; pattern: string; description?: string };

export type Masker = {
  maskText(text: string): { text: string; counts: MaskCounts; reasons: MaskReasons };
  /** Deep-masks any JSON value: every string (and keys' values when the key names a secret, e.g. {"password": "hunter2"} or {"apiKey": 12345}); returns valid JSON of the same shape. */
  maskJson<T>(value: T): { value: T; counts: MaskCounts; reasons: MaskReasons };
};

/**
 * A span of the input that must not be shown. Detectors only report spans; the engine merges
 * overlapping ones, so a detector never has to know what the others found.
 */
export type Finding = {
  start: number;
  end: number;
  kind: string;
  /** Wins the kind of a merged span: a specific format beats a generic structure beats context. */
  priority: number;
  /** The value is a bare JSON scalar (`"apiKey": 12345`): its placeholder must be quoted to stay valid JSON. */
  quote?: boolean;
  /** Fingerprint this instead of the span, so one secret gets one placeholder whatever its wrapping. */
  identity?: string;
  /** Why, when a structure named it ("field `date_of_birth`"); reviewers see it beside the kind. */
  reason?: string;
};

/**
 * `f` at another span. Written out instead of `{ ...f, start, end }`: V8 (Node 20) takes a slow path
 * for a spread followed by properties (~1 µs each), which showed when a text yields many findings.
 */
export function moveFinding(f: Finding, start: number, end: number): Finding {
  return { start, end, kind: f.kind, priority: f.priority, quote: f.quote, identity: f.identity, reason: f.reason };
}

/** Appends what it finds in `text` to `out`. Must run in time linear in `text.length`. `facts` holds
 * what several detectors derive from the same text (computed once, on first use). */
export type Detector = (text: string, out: Finding[], facts: TextFacts) => void;
