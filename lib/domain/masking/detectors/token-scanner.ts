import { looksRandom } from "../entropy";
import { PRIORITY } from "../priority";
import type { Detector } from "../types";
import type { TokenFormat } from "./token-format";

/**
 * Which ASCII chars continue a run of `format`'s alphabet, as a table (looked up at every anchor
 * hit, so no regex call there). "=" and ":" end a key before its value (`value=ghp_…`), even where
 * the token's alphabet has them.
 */
function runChars(format: TokenFormat): Uint8Array {
  const table = new Uint8Array(128);
  for (let code = 0; code < 128; code++) {
    const ch = String.fromCharCode(code);
    table[code] = ch !== "=" && ch !== ":" && format.alphabet.test(ch) ? 1 : 0;
  }
  return table;
}

function continuesRun(run: Uint8Array, code: number): boolean {
  return code < 128 && run[code] === 1;
}

/** What a token may be glued to: a word (`MY_TOKEN_ghp_…`, `productionghp_…`, `1ghp_…`). */
function isGlueCode(code: number): boolean {
  return isAlnumCode(code) || code === 95;
}

/** Where a token of `format` hit at an anchor starts, and whether it is glued to a preceding word. */
type Start = { at: number; glued: boolean };

/**
 * Where the token would start for a hit of `format` at `anchorAt` (in `start`), or false if it
 * cannot be a token: one that continues a hyphenated or dotted word (`task-…`, `a.b…`) is not.
 * A token may be glued to a word: its anchor still says where it starts.
 */
function tokenStart(text: string, format: TokenFormat, run: Uint8Array, anchorAt: number, start: Start): boolean {
  let at = anchorAt;
  if (format.maxBack !== undefined) {
    const limit = anchorAt - format.maxBack;
    while (at > limit && at > 0 && continuesRun(run, text.charCodeAt(at - 1))) at--;
  }
  start.at = at;
  const before = at > 0 ? text.charCodeAt(at - 1) : -1;
  start.glued = before >= 0 && (continuesRun(run, before) || isAlnumCode(before));
  return !start.glued || isGlueCode(before);
}

/** Most glued attempts of one format per run of its alphabet: keeps `EAAEAA…` or `eyJeyJ…` linear. */
const MAX_GLUED_TRIES = 2;
/** How much of the word a token is glued to is looked at. */
const MAX_GLUE = 48;

/**
 * A token glued to a word is believed only if that word reads as one (`MY_TOKEN_`, `production`,
 * `x`): not random, which would mean the anchor merely occurs inside a longer random run.
 */
function plausibleGlue(text: string, start: number): boolean {
  let from = start;
  while (from > 0 && start - from < MAX_GLUE && isGlueCode(text.charCodeAt(from - 1))) from--;
  return !looksRandom(text.slice(from, start));
}

/** Where the run of a format's alphabet that holds `from` ends. */
function runEnd(text: string, run: Uint8Array, from: number): number {
  let end = from;
  while (end < text.length && continuesRun(run, text.charCodeAt(end))) end++;
  return end;
}

/**
 * Anchors grouped by their first two chars (every anchor has at least two), longest first. `pairs`
 * maps a pair of ASCII chars to its group (0: no anchor starts so); `thirds` holds, per group, the
 * ASCII chars that may follow the pair (all of them if an anchor of the group is only the pair).
 */
type AnchorIndex = { pairs: Uint8Array; thirds: Uint32Array; groups: string[][] };

function pairKey(first: number, second: number): number {
  return (first << 7) | second;
}

function indexAnchors(anchors: string[]): AnchorIndex {
  const pairs = new Uint8Array(128 * 128);
  const groups: string[][] = [];
  for (const anchor of anchors) {
    const first = anchor.charCodeAt(0);
    const second = anchor.charCodeAt(1);
    const third = anchor.length > 2 ? anchor.charCodeAt(2) : 0;
    if (!(first < 128 && second < 128 && third < 128)) throw new Error(`token anchors must start with ASCII chars: ${anchor}`);
    const key = pairKey(first, second); // both chars are ASCII (checked above), so key < 128 * 128
    if (pairs[key] === 0) {
      groups.push([]);
      if (groups.length > 255) throw new Error("too many anchor pairs for the index");
      pairs[key] = groups.length;
    }
    groups[pairs[key]! - 1]!.push(anchor);
  }
  const thirds = new Uint32Array(groups.length * 4);
  groups.forEach((group, g) => {
    group.sort((a, b) => b.length - a.length);
    for (const anchor of group) {
      if (anchor.length === 2) thirds.fill(0xffffffff, g * 4, g * 4 + 4);
      else thirds[g * 4 + (anchor.charCodeAt(2) >> 5)]! |= 1 << (anchor.charCodeAt(2) & 31); // g * 4 + 0..3 < thirds.length
    }
  });
  return { pairs, thirds, groups };
}

function isAlnumCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * The first anchor hit at or after `from`, as `[position, anchor]` in `hit`; false if none. At each
 * position the longest anchor wins. A hand scan over char pairs, then the third char: a regex
 * alternation of ~100 anchors cost ~9% of masking a JSON context, most of it trying alternatives
 * at positions whose first chars start none, and common pairs ("sk" of "task", "ke" of "make")
 * start few anchors once the third char is known.
 */
function nextAnchor(text: string, from: number, index: AnchorIndex, hit: { at: number; anchor: string }): boolean {
  const { pairs, thirds, groups } = index;
  const last = text.length - 1;
  let next = text.charCodeAt(from);
  for (let i = from; i < last; i++) {
    const c = next;
    next = text.charCodeAt(i + 1);
    if (c >= 128 || next >= 128) continue;
    const group = pairs[pairKey(c, next)]!; // c and next are ASCII: the key is in range
    if (group === 0) continue;
    const third = text.charCodeAt(i + 2); // NaN past the end: no anchor of three chars fits there
    if (!(third < 128) ? thirds[group * 4 - 4] !== 0xffffffff : (thirds[group * 4 - 4 + (third >> 5)]! & (1 << (third & 31))) === 0) continue;
    for (const anchor of groups[group - 1]!) {
      if (text.startsWith(anchor, i)) {
        hit.at = i;
        hit.anchor = anchor;
        return true;
      }
    }
  }
  return false;
}

/**
 * One pass over the text for every anchor of every format, then a bounded sticky match where a
 * token would start: at the anchor, or before it for formats whose anchor sits inside the token.
 * Each format is tried once where a run of its alphabet starts and at most MAX_GLUED_TRIES times
 * inside one (a token glued to a word), so repeated anchors cannot make the scan quadratic.
 */
export function createTokenScanner(formats: TokenFormat[]): Detector {
  const byAnchor = new Map<string, number[]>();
  formats.forEach((format, f) => {
    for (const anchor of format.anchors) byAnchor.set(anchor, [...(byAnchor.get(anchor) ?? []), f]);
  });
  const anchors = [...byAnchor.keys()].sort((a, b) => b.length - a.length);
  // A hit on "sk-ant-" must also try the formats anchored on "sk-": longest anchor first.
  const candidates = new Map<string, number[]>(
    anchors.map((hit) => [hit, anchors.filter((a) => hit.startsWith(a)).flatMap((a) => byAnchor.get(a) ?? [])]),
  );
  const index = indexAnchors(anchors);
  const runs = formats.map(runChars);
  const hit = { at: 0, anchor: "" };
  const start: Start = { at: 0, glued: false };
  // Per format, the run of its alphabet where it last tried a glued token, and how often it did.
  // A run where a token may start (preceded by none of its alphabet) gets one try, as before; one
  // glued try costs at most the rest of its run, and each run gets MAX_GLUED_TRIES of them, so
  // anchors repeated along a run (`EAAEAA…`, `xeyJeyJ…`) stay linear.
  const gluedRunEnd = new Int32Array(formats.length);
  const gluedTries = new Uint8Array(formats.length);
  const gluedCall = new Float64Array(formats.length);
  let call = 0;

  const mayTryGlued = (text: string, f: number, at: number): boolean => {
    if (gluedCall[f] !== call || at >= gluedRunEnd[f]!) {
      gluedCall[f] = call;
      gluedRunEnd[f] = runEnd(text, runs[f]!, at);
      gluedTries[f] = 0;
    }
    if (gluedTries[f]! >= MAX_GLUED_TRIES) return false;
    gluedTries[f]!++;
    return true;
  };

  return (text, out) => {
    call++;
    let from = 0;
    while (nextAnchor(text, from, index, hit)) {
      const at = hit.at;
      // Anchors may overlap ("AAAAKIA…"): unless a token was taken, resume right after this position.
      from = at + 1;
      for (const f of candidates.get(hit.anchor) ?? []) {
        const format = formats[f]!; // candidates hold indices of `formats`
        if (!tokenStart(text, format, runs[f]!, at, start)) continue;
        if (start.glued && !mayTryGlued(text, f, start.at)) continue;
        format.pattern.lastIndex = start.at;
        const token = format.pattern.exec(text);
        if (token === null) continue;
        const tokenEnd = start.at + token[0].length;
        const span: [number, number] | undefined = format.group === undefined ? [start.at, tokenEnd] : token.indices?.[format.group];
        if (span === undefined || isAlnumCode(text.charCodeAt(tokenEnd))) continue;
        const [spanStart, spanEnd] = span;
        if (format.accept && !format.accept(text, spanStart, spanEnd)) continue;
        if (start.glued && (!plausibleGlue(text, start.at) || (format.gluedAccept && !format.gluedAccept(text, spanStart, spanEnd)))) continue;
        out.push({ start: spanStart, end: spanEnd, kind: format.kind, priority: format.priority ?? PRIORITY.format });
        from = Math.max(at + 1, tokenEnd);
        break;
      }
    }
  };
}
