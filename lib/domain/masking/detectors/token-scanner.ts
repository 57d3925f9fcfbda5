import { PRIORITY } from "../priority";
import type { Detector } from "../types";
import type { TokenFormat } from "./token-format";

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * One alternation of literals as a prefix tree (`a(?:bc|d)` for `abc|ad`), longest match first at
 * any position like a longest-first flat alternation, but V8 tests each shared prefix once.
 */
function literalTrie(literals: string[]): string {
  const children = new Map<string, string[]>();
  let endsHere = false;
  for (const literal of literals) {
    if (literal.length === 0) endsHere = true;
    else children.set(literal[0], [...(children.get(literal[0]) ?? []), literal.slice(1)]);
  }
  const branches = [...children].map(([ch, rests]) => {
    const rest = literalTrie(rests);
    return escapeRegExp(ch) + (rest === "" ? "" : rest.startsWith("(?:") && rest.endsWith(")?") ? rest : `(?:${rest})`);
  });
  if (branches.length === 0) return "";
  return endsHere ? `(?:${branches.join("|")})?` : branches.join("|");
}

/** "=" and ":" end a key before its value (`value=ghp_…`), even where the token's alphabet has them. */
function continuesRun(format: TokenFormat, ch: string): boolean {
  return ch !== "=" && ch !== ":" && format.alphabet.test(ch);
}

/** A token never starts inside a word, whatever its alphabet: otherwise masking the word's other
 * half could make it one on a second pass. */
function isWordChar(ch: string): boolean {
  return /[A-Za-z0-9]/.test(ch);
}

/** Where the token would start for a hit of `format` at `anchorAt`, or -1 if it cannot start a run. */
function tokenStart(text: string, format: TokenFormat, anchorAt: number): number {
  if (format.maxBack === undefined) {
    const before = text[anchorAt - 1] ?? "";
    return continuesRun(format, before) || isWordChar(before) ? -1 : anchorAt;
  }
  let start = anchorAt;
  const limit = anchorAt - format.maxBack;
  while (start > 0 && continuesRun(format, text[start - 1])) {
    if (--start < limit) return -1;
  }
  return start > 0 && isWordChar(text[start - 1]) ? -1 : start;
}

/**
 * One pass over the text for every anchor of every format (V8 compiles the alternation into a
 * single scan), then a bounded sticky match where a token would start. Each format is tried at
 * most once per run of its alphabet, so repeated anchors cannot make the scan quadratic.
 */
export function createTokenScanner(formats: TokenFormat[]): Detector {
  const byAnchor = new Map<string, TokenFormat[]>();
  for (const format of formats) {
    for (const anchor of format.anchors) byAnchor.set(anchor, [...(byAnchor.get(anchor) ?? []), format]);
  }
  const anchors = [...byAnchor.keys()].sort((a, b) => b.length - a.length);
  // A hit on "sk-ant-" must also try the formats anchored on "sk-": longest anchor first.
  const candidates = new Map<string, TokenFormat[]>(
    anchors.map((hit) => [hit, anchors.filter((a) => hit.startsWith(a)).flatMap((a) => byAnchor.get(a) ?? [])]),
  );
  // Most tokens start at their anchor, and never inside a word (tokenStart): for those anchors a
  // lookbehind rejects a hit inside a word before it is reported, so `eyJeyJ…`, `EAAEAA…`, or the
  // "AAAA" anchor all along a run of A's cost one regex step per position, not a match each.
  // Anchors that sit inside their token (`maxBack`) keep no lookbehind, and so does any anchor that
  // one of them extends (the longest anchor at a position must still win).
  const inner = new Set(anchors.filter((a) => candidates.get(a)!.some((f) => f.maxBack !== undefined)));
  for (const a of anchors) if ([...inner].some((i) => i !== a && i.startsWith(a))) inner.add(a);
  const boundary = anchors.filter((a) => !inner.has(a));
  const alternatives = [
    ...(boundary.length > 0 ? [`(?<![A-Za-z0-9])(?:${literalTrie(boundary)})`] : []),
    ...(inner.size > 0 ? [literalTrie([...inner])] : []),
  ];
  const scan = new RegExp(alternatives.join("|"), "g");

  return (text, out) => {
    scan.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = scan.exec(text)) !== null) {
      const at = m.index;
      // Anchors may overlap ("AAAAKIA…"): unless a token was taken, resume right after this position.
      scan.lastIndex = at + 1;
      for (const format of candidates.get(m[0]) ?? []) {
        const start = tokenStart(text, format, at);
        if (start < 0) continue;
        format.pattern.lastIndex = start;
        const token = format.pattern.exec(text);
        if (token === null) continue;
        const span = format.group === undefined ? [start, start + token[0].length] : token.indices?.[format.group];
        if (span === undefined || isWordChar(text[start + token[0].length] ?? "")) continue;
        if (format.accept && !format.accept(text, span[0], span[1])) continue;
        out.push({ start: span[0], end: span[1], kind: format.kind, priority: format.priority ?? PRIORITY.format });
        scan.lastIndex = Math.max(at + 1, start + token[0].length);
        break;
      }
    }
  };
}
