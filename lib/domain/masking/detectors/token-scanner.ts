import { PRIORITY } from "../priority";
import type { Detector } from "../types";
import type { TokenFormat } from "./token-format";

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
  while (start > 0 && continuesRun(format, text.charAt(start - 1))) {
    if (--start < limit) return -1;
  }
  return start > 0 && isWordChar(text.charAt(start - 1)) ? -1 : start;
}

/** Anchors grouped by their first two chars (every anchor has at least two), longest first. */
type AnchorIndex = { pairs: Uint8Array; boundary: Map<number, string[]>; inner: Map<number, string[]> };

const BOUNDARY = 1;
const INNER = 2;

function pairKey(first: number, second: number): number {
  return (first << 7) | second;
}

function indexAnchors(boundary: string[], inner: string[]): AnchorIndex {
  const index: AnchorIndex = { pairs: new Uint8Array(128 * 128), boundary: new Map(), inner: new Map() };
  const add = (anchor: string, bit: number, into: Map<number, string[]>) => {
    const first = anchor.charCodeAt(0);
    const second = anchor.charCodeAt(1);
    if (!(first < 128 && second < 128)) throw new Error(`token anchors must start with two ASCII chars: ${anchor}`);
    const key = pairKey(first, second);
    index.pairs[key]! |= bit; // both chars are ASCII (checked above), so key < 128 * 128
    into.set(key, [...(into.get(key) ?? []), anchor].sort((a, b) => b.length - a.length));
  };
  for (const a of boundary) add(a, BOUNDARY, index.boundary);
  for (const a of inner) add(a, INNER, index.inner);
  return index;
}

function isAlnumCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function longestAt(text: string, at: number, anchors: string[] | undefined): string | undefined {
  if (anchors !== undefined) for (const a of anchors) if (text.startsWith(a, at)) return a;
  return undefined;
}

/**
 * The first anchor hit at or after `from`, as `[position, anchor]` in `hit`; false if none. At each
 * position the longest boundary anchor (one that may not start inside a word) wins, then the longest
 * inner one. A hand scan over char pairs: a regex alternation of ~100 anchors cost ~9% of masking a
 * JSON context, most of it trying alternatives at positions whose first two chars start none.
 */
function nextAnchor(text: string, from: number, index: AnchorIndex, hit: { at: number; anchor: string }): boolean {
  const { pairs } = index;
  const last = text.length - 1;
  let next = text.charCodeAt(from);
  for (let i = from; i < last; i++) {
    const c = next;
    next = text.charCodeAt(i + 1);
    if (c >= 128 || next >= 128) continue;
    const bits = pairs[pairKey(c, next)];
    if (!bits) continue; // no anchor starts with this pair (c and next are ASCII: the key is in range)
    let anchor: string | undefined;
    if ((bits & BOUNDARY) !== 0 && (i === 0 || !isAlnumCode(text.charCodeAt(i - 1)))) anchor = longestAt(text, i, index.boundary.get(pairKey(c, next)));
    if (anchor === undefined && (bits & INNER) !== 0) anchor = longestAt(text, i, index.inner.get(pairKey(c, next)));
    if (anchor !== undefined) {
      hit.at = i;
      hit.anchor = anchor;
      return true;
    }
  }
  return false;
}

/**
 * One pass over the text for every anchor of every format, then a bounded sticky match where a
 * token would start. Each format is tried at most once per run of its alphabet, so repeated anchors
 * cannot make the scan quadratic.
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
  // Most tokens start at their anchor, and never inside a word (tokenStart): those anchors are
  // looked for only where a word starts, so `eyJeyJ…`, `EAAEAA…` or the "AAAA" anchor all along a
  // run of A's cost one step per position, not a hit each. Anchors that sit inside their token
  // (`maxBack`) are looked for everywhere, and so is any anchor that one of them extends (the
  // longest anchor at a position must still win).
  const inner = new Set(anchors.filter((a) => candidates.get(a)!.some((f) => f.maxBack !== undefined)));
  for (const a of anchors) if ([...inner].some((i) => i !== a && i.startsWith(a))) inner.add(a);
  const index = indexAnchors(anchors.filter((a) => !inner.has(a)), [...inner]);
  const hit = { at: 0, anchor: "" };

  return (text, out) => {
    let from = 0;
    while (nextAnchor(text, from, index, hit)) {
      const at = hit.at;
      // Anchors may overlap ("AAAAKIA…"): unless a token was taken, resume right after this position.
      from = at + 1;
      for (const format of candidates.get(hit.anchor) ?? []) {
        const start = tokenStart(text, format, at);
        if (start < 0) continue;
        format.pattern.lastIndex = start;
        const token = format.pattern.exec(text);
        if (token === null) continue;
        const span: [number, number] | undefined = format.group === undefined ? [start, start + token[0].length] : token.indices?.[format.group];
        if (span === undefined || isWordChar(text[start + token[0].length] ?? "")) continue;
        const [spanStart, spanEnd] = span;
        if (format.accept && !format.accept(text, spanStart, spanEnd)) continue;
        out.push({ start: spanStart, end: spanEnd, kind: format.kind, priority: format.priority ?? PRIORITY.format });
        from = Math.max(at + 1, start + token[0].length);
        break;
      }
    }
  };
}
