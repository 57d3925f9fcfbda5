import { CLOUD_TOKEN_FORMATS, detectAwsSecretAccessKeys, detectGcpServiceAccountKeys } from "./detectors/cloud-credentials";
import { detectClientIps } from "./detectors/client-ips";
import { detectEmails, detectPhoneNumbers } from "./detectors/contact-details";
import { detectIbans, detectPaymentCards } from "./detectors/financial-identifiers";
import { detectBareBearerTokens } from "./detectors/http-credentials";
import { detectKubernetesSecrets } from "./detectors/kubernetes-secrets";
import { detectLabelledIdentifiers } from "./detectors/labelled-identifiers";
import { detectNationalIds } from "./detectors/national-ids";
import { createBase64Detector, createPercentEncodingDetector } from "./detectors/nested-encodings";
import { detectDiscordBotTokens, detectMailgunKeys, PLATFORM_TOKEN_FORMATS } from "./detectors/platform-tokens";
import { detectPrivateKeys } from "./detectors/private-keys";
import { detectPuttyKeys } from "./detectors/putty-keys";
import { detectCommandLinePasswords, detectSecretAssignments } from "./detectors/secret-assignments";
import { createTokenScanner } from "./detectors/token-scanner";
import { detectUrlCredentials } from "./detectors/url-credentials";
import type { CallMemo } from "./call-memo";
import { mergeCounts, mergeReasons } from "./counts";
import type { Fingerprinter } from "./fingerprint";
import { formatPlaceholder, placeholderSpans } from "./placeholder";
import { TextFacts } from "./text-facts";
import { moveFinding, type Detector, type Finding, type MaskCounts, type MaskReasons } from "./types";

/** Base64 inside base64 inside text is as deep as agents' payloads go in practice. */
const MAX_NESTING = 2;

export const BUILT_IN_DETECTORS: Detector[] = [
  createTokenScanner([...CLOUD_TOKEN_FORMATS, ...PLATFORM_TOKEN_FORMATS]),
  detectAwsSecretAccessKeys,
  detectDiscordBotTokens,
  detectMailgunKeys,
  detectGcpServiceAccountKeys,
  detectPrivateKeys,
  detectPuttyKeys,
  detectUrlCredentials,
  detectBareBearerTokens,
  detectSecretAssignments,
  detectCommandLinePasswords,
  detectKubernetesSecrets,
  detectEmails,
  detectPhoneNumbers,
  detectPaymentCards,
  detectIbans,
  detectNationalIds,
  detectLabelledIdentifiers,
  detectClientIps,
];

/** Findings in `text`; `memo` is the masking call's (classifications shared by its strings). */
export type FindSpans = (text: string, memo: CallMemo) => Finding[];

/** Every finding in `text`, decoded layers included, before overlaps are merged. */
export function createSpanFinder(extra: Detector[]): FindSpans {
  const finder = (detectors: Detector[]): FindSpans => (text, memo) => {
    const out: Finding[] = [];
    const facts = new TextFacts(text, memo);
    for (const detect of detectors) detect(text, out, facts);
    return out;
  };
  // Built from the deepest level up: each level decodes into the one below it, the deepest decodes nothing.
  let find = finder([...BUILT_IN_DETECTORS, ...extra]);
  for (let depth = MAX_NESTING - 1; depth >= 0; depth--) {
    find = finder([...BUILT_IN_DETECTORS, ...extra, createBase64Detector(find), createPercentEncodingDetector(find)]);
  }
  return find;
}

function backslashesBefore(text: string, at: number): number {
  let n = 0;
  while (at - n - 1 >= 0 && text[at - n - 1] === "\\") n++;
  return n;
}

/** Never split a backslash escape (`\n`, `\"` in JSON text): the masked text must stay valid JSON. */
function widenOverEscapes(text: string, f: Finding): Finding {
  let { start, end } = f;
  if (backslashesBefore(text, start) % 2 === 1) start--;
  if (backslashesBefore(text, end) % 2 === 1 && end < text.length) {
    // A backslash before a real line break escapes nothing JSON cares about; swallowing the break
    // would join two lines, and the next pass would read them differently (not idempotent).
    const next = text.charCodeAt(end);
    if (next === 10 || next === 13) end--;
    else end++;
  }
  return start === f.start && end === f.end ? f : { start, end, kind: f.kind, priority: f.priority, quote: false, identity: f.identity, reason: f.reason };
}

/**
 * The parts of `f` outside existing placeholders (`spans`: disjoint, sorted). A placeholder is never
 * re-masked, but a value that merely touches one (`password=[email:…]hunter2`) still is.
 */
function outsidePlaceholders(spans: Array<[number, number]>, f: Finding): Finding[] {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]![1] <= f.start) lo = mid + 1; // lo <= mid < hi <= spans.length
    else hi = mid;
  }
  const touched = spans[lo];
  if (touched === undefined || touched[0] >= f.end) return [f];
  const parts: Finding[] = [];
  let cursor = f.start;
  for (let i = lo; i < spans.length; i++) {
    const [start, end] = spans[i]!; // i < spans.length
    if (start >= f.end) break;
    if (start > cursor) parts.push({ start: cursor, end: start, kind: f.kind, priority: f.priority, quote: false, reason: f.reason });
    cursor = Math.max(cursor, end);
  }
  if (cursor < f.end) parts.push({ start: cursor, end: f.end, kind: f.kind, priority: f.priority, quote: false, reason: f.reason });
  return parts;
}

/** What is left of a value beside a placeholder is worth masking only if it can carry a secret. */
function hasWordChar(text: string, f: Finding): boolean {
  return /[A-Za-z0-9]/.test(text.slice(f.start, f.end));
}

type Cluster = { start: number; end: number; winner: Finding; reason: string | undefined };

/**
 * Overlapping findings become one span (nothing of either leaks) with the strongest finding's kind.
 * Its reason is the winner's, or else that of a finding of the same kind that gave one: a label
 * detector and the field pass often find the same SSN, and "field `ssn`" is what the reviewer needs.
 */
function mergeFindings(findings: Finding[]): Cluster[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const clusters: Cluster[] = [];
  const explained: Finding[] = [];
  const close = (cluster: Cluster | undefined) => {
    if (cluster && cluster.reason === undefined) cluster.reason = explained.find((f) => f.kind === cluster.winner.kind)?.reason;
    explained.length = 0;
  };
  for (const f of sorted) {
    const last = clusters[clusters.length - 1];
    if (last && f.start < last.end) {
      last.end = Math.max(last.end, f.end);
      if (f.priority > last.winner.priority) {
        last.winner = f;
        last.reason = f.reason;
      }
    } else {
      close(last);
      clusters.push({ start: f.start, end: f.end, winner: f, reason: f.reason });
    }
    if (f.reason !== undefined) explained.push(f);
  }
  close(clusters[clusters.length - 1]);
  return clusters;
}

type Rendered = {
  text: string;
  counts: MaskCounts;
  reasons: MaskReasons;
  /** Where the placeholders written by this pass are in `text`: flat `[start, end]` pairs, in order. */
  inserted: number[];
};

/** Replaces every finding with its placeholder. Placeholders already present are left untouched. */
function renderMasked(text: string, findings: Finding[], fingerprint: Fingerprinter): Rendered {
  const counts: MaskCounts = {};
  const reasons: MaskReasons = {};
  const inserted: number[] = [];
  if (findings.length === 0) return { text, counts, reasons, inserted };
  const existing = placeholderSpans(text);
  const kept: Finding[] = [];
  for (const found of findings) {
    if (found.end <= found.start) continue;
    const f = widenOverEscapes(text, found);
    if (f.end <= f.start) continue;
    if (existing.length === 0) kept.push(f);
    else for (const p of outsidePlaceholders(existing, f)) if (hasWordChar(text, p)) kept.push(p);
  }
  let masked = "";
  let cursor = 0;
  for (const c of mergeFindings(kept)) {
    const { kind, identity } = c.winner;
    const exact = c.winner.start === c.start && c.winner.end === c.end;
    const value = text.slice(c.start, c.end);
    const placeholder = formatPlaceholder(kind, fingerprint(kind, (exact && identity) || value));
    masked += text.slice(cursor, c.start);
    const quoted = exact && c.winner.quote;
    inserted.push(masked.length + (quoted ? 1 : 0), masked.length + (quoted ? 1 : 0) + placeholder.length);
    masked += quoted ? `"${placeholder}"` : placeholder;
    cursor = c.end;
    counts[kind] = (counts[kind] ?? 0) + 1;
    const reason = c.reason;
    if (reason !== undefined) {
      const byReason = (reasons[kind] ??= {});
      byReason[reason] = (byReason[reason] ?? 0) + 1;
    }
  }
  return { text: masked + text.slice(cursor), counts, reasons, inserted };
}

/** Characters that glue a placeholder to a neighbour: the neighbour may have been refused only
 * because of the characters that the placeholder replaced (`…W0Z` + `hvs.…`). */
function gluesToPlaceholder(code: number): boolean {
  // A-Z a-z 0-9 _ . + / ~ -
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ||
    code === 95 || code === 46 || code === 43 || code === 47 || code === 126 || code === 45;
}

const MAX_PASSES = 3;
/** How much text around a glued placeholder is scanned again: more than any token is long, and more
 * than the context any detector reads before a value (300 chars for AWS, 600 for Azure SAS). */
const RESCAN_MARGIN = 4096;
/** Bound on how far a window is widened to reach a line break (or a blank) instead of cutting a line. */
const SNAP_LIMIT = 1024;

// Both look for the newline within SNAP_LIMIT only: searched to the text's end, a long text without
// one cost a scan of all of it per glued placeholder (a megabyte of `mysql -pX` took 30 s).
function windowStart(text: string, at: number): number {
  if (at <= 0) return 0;
  const from = Math.max(0, at - SNAP_LIMIT);
  const near = text.slice(from, at + 1).lastIndexOf("\n");
  if (near >= 0) return from + near + 1;
  for (let i = at; i > 0 && at - i <= SNAP_LIMIT; i--) if (text.charCodeAt(i - 1) <= 32) return i;
  return at;
}

function windowEnd(text: string, at: number): number {
  if (at >= text.length) return text.length;
  const near = text.slice(at, at + SNAP_LIMIT + 1).indexOf("\n");
  if (near >= 0) return at + near;
  for (let i = at; i < text.length && i - at <= SNAP_LIMIT; i++) if (text.charCodeAt(i) <= 32) return i;
  return at;
}

/** Merged windows of text around the placeholders of `inserted` that are glued to a neighbour. */
function rescanWindows(text: string, inserted: number[]): number[] {
  const windows: number[] = [];
  for (let i = 0; i + 1 < inserted.length; i += 2) {
    const start = inserted[i]!; // i + 1 < inserted.length
    const end = inserted[i + 1]!;
    if (!gluesToPlaceholder(text.charCodeAt(start - 1)) && !gluesToPlaceholder(text.charCodeAt(end))) continue;
    const from = windowStart(text, start - RESCAN_MARGIN);
    const to = windowEnd(text, end + RESCAN_MARGIN);
    const lastEnd = windows.at(-1);
    if (lastEnd !== undefined && from <= lastEnd) windows[windows.length - 1] = Math.max(to, lastEnd);
    else windows.push(from, to);
  }
  return windows;
}

/**
 * Finds spans of `text`. `whole` is false when the text is a window of a larger text: what only makes
 * sense for a whole value (the key a JSON string sits under) must then not be applied.
 */
export type FindInText = (text: string, whole: boolean) => Finding[];

/**
 * Masks `text` until nothing more is found, so that masking is idempotent: masking its own output
 * changes nothing. Another pass runs only where a placeholder written by this one ends up glued to a
 * word (rare), and then only over a window around it, so one glued token in a 10 MB string does not
 * cost a second scan of all of it.
 */
export function maskToFixpoint(text: string, find: FindInText, fingerprint: Fingerprinter): { text: string; counts: MaskCounts; reasons: MaskReasons } {
  let result = renderMasked(text, find(text, true), fingerprint);
  for (let pass = 1; pass < MAX_PASSES; pass++) {
    const windows = rescanWindows(result.text, result.inserted);
    if (windows.length === 0) break;
    const findings: Finding[] = [];
    for (let w = 0; w + 1 < windows.length; w += 2) {
      const from = windows[w]!; // w + 1 < windows.length
      const to = windows[w + 1]!;
      const whole = from === 0 && to === result.text.length;
      for (const f of find(whole ? result.text : result.text.slice(from, to), whole)) {
        // A span touching a cut edge of the window may only exist because of the cut.
        if ((f.start === 0 && from > 0) || (f.end === to - from && to < result.text.length)) continue;
        findings.push(from === 0 ? f : moveFinding(f, f.start + from, f.end + from));
      }
    }
    const next = renderMasked(result.text, findings, fingerprint);
    if (next.text === result.text) break;
    result = { text: next.text, counts: mergeCounts(result.counts, next.counts), reasons: mergeReasons(result.reasons, next.reasons), inserted: next.inserted };
  }
  return { text: result.text, counts: result.counts, reasons: result.reasons };
}
