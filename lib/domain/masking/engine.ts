import { CLOUD_TOKEN_FORMATS, detectAwsSecretAccessKeys, detectGcpServiceAccountKeys } from "./detectors/cloud-credentials";
import { detectClientIps } from "./detectors/client-ips";
import { detectEmails, detectPhoneNumbers } from "./detectors/contact-details";
import { detectIbans, detectPaymentCards } from "./detectors/financial-identifiers";
import { detectBareBearerTokens } from "./detectors/http-credentials";
import { detectKubernetesSecrets } from "./detectors/kubernetes-secrets";
import { detectNationalIds } from "./detectors/national-ids";
import { createBase64Detector, createPercentEncodingDetector } from "./detectors/nested-encodings";
import { detectDiscordBotTokens, PLATFORM_TOKEN_FORMATS } from "./detectors/platform-tokens";
import { detectPrivateKeys } from "./detectors/private-keys";
import { detectCommandLinePasswords, detectSecretAssignments } from "./detectors/secret-assignments";
import { createTokenScanner } from "./detectors/token-scanner";
import { detectUrlCredentials } from "./detectors/url-credentials";
import { mergeCounts } from "./counts";
import type { Fingerprinter } from "./fingerprint";
import { formatPlaceholder, placeholderSpans } from "./placeholder";
import type { Detector, Finding, MaskCounts } from "./types";

/** Base64 inside base64 inside text is as deep as agents' payloads go in practice. */
const MAX_NESTING = 2;

const BUILT_IN_DETECTORS: Detector[] = [
  createTokenScanner([...CLOUD_TOKEN_FORMATS, ...PLATFORM_TOKEN_FORMATS]),
  detectAwsSecretAccessKeys,
  detectDiscordBotTokens,
  detectGcpServiceAccountKeys,
  detectPrivateKeys,
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
  detectClientIps,
];

export type FindSpans = (text: string) => Finding[];

/** Every finding in `text`, decoded layers included, before overlaps are merged. */
export function createSpanFinder(extra: Detector[]): FindSpans {
  const levels: Detector[][] = [];
  const findAt = (depth: number): FindSpans => (text) => {
    const out: Finding[] = [];
    for (const detect of levels[depth]) detect(text, out);
    return out;
  };
  for (let depth = 0; depth <= MAX_NESTING; depth++) {
    const nested = depth < MAX_NESTING ? [createBase64Detector(findAt(depth + 1)), createPercentEncodingDetector(findAt(depth + 1))] : [];
    levels.push([...BUILT_IN_DETECTORS, ...extra, ...nested]);
  }
  return findAt(0);
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
  if (backslashesBefore(text, end) % 2 === 1 && end < text.length) end++;
  return start === f.start && end === f.end ? f : { ...f, start, end, quote: false };
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
    if (spans[mid][1] <= f.start) lo = mid + 1;
    else hi = mid;
  }
  if (lo === spans.length || spans[lo][0] >= f.end) return [f];
  const parts: Finding[] = [];
  let cursor = f.start;
  for (let i = lo; i < spans.length && spans[i][0] < f.end; i++) {
    if (spans[i][0] > cursor) parts.push({ ...f, start: cursor, end: spans[i][0], quote: false, identity: undefined });
    cursor = Math.max(cursor, spans[i][1]);
  }
  if (cursor < f.end) parts.push({ ...f, start: cursor, end: f.end, quote: false, identity: undefined });
  return parts;
}

/** What is left of a value beside a placeholder is worth masking only if it can carry a secret. */
function hasWordChar(text: string, f: Finding): boolean {
  return /[A-Za-z0-9]/.test(text.slice(f.start, f.end));
}

type Cluster = { start: number; end: number; winner: Finding };

/** Overlapping findings become one span (nothing of either leaks) with the strongest finding's kind. */
function mergeFindings(findings: Finding[]): Cluster[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const clusters: Cluster[] = [];
  for (const f of sorted) {
    const last = clusters[clusters.length - 1];
    if (last && f.start < last.end) {
      last.end = Math.max(last.end, f.end);
      if (f.priority > last.winner.priority) last.winner = f;
    } else {
      clusters.push({ start: f.start, end: f.end, winner: f });
    }
  }
  return clusters;
}

/** Replaces every finding with its placeholder. Placeholders already present are left untouched. */
function renderMasked(text: string, findings: Finding[], fingerprint: Fingerprinter): { text: string; counts: MaskCounts } {
  const counts: MaskCounts = {};
  if (findings.length === 0) return { text, counts };
  const existing = placeholderSpans(text);
  const kept = findings
    .filter((f) => f.end > f.start)
    .map((f) => widenOverEscapes(text, f))
    .flatMap((f) => (existing.length === 0 ? [f] : outsidePlaceholders(existing, f).filter((p) => hasWordChar(text, p))));
  let masked = "";
  let cursor = 0;
  for (const c of mergeFindings(kept)) {
    const { kind, identity } = c.winner;
    const exact = c.winner.start === c.start && c.winner.end === c.end;
    const value = text.slice(c.start, c.end);
    const placeholder = formatPlaceholder(kind, fingerprint(kind, (exact && identity) || value));
    masked += text.slice(cursor, c.start) + (exact && c.winner.quote ? `"${placeholder}"` : placeholder);
    cursor = c.end;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return { text: masked + text.slice(cursor), counts };
}

/** A placeholder glued to token characters: the neighbour may have been refused only because of
 * the characters that this placeholder replaced (`…W0Z` + `hvs.…`). */
const GLUED_PLACEHOLDER = /[A-Za-z0-9_.+/~-]\[[a-z][a-z0-9_]{0,63}:[0-9a-f]{6}\]|\[[a-z][a-z0-9_]{0,63}:[0-9a-f]{6}\][A-Za-z0-9_.+/~-]/;
const MAX_PASSES = 3;

/**
 * Masks `text` until nothing more is found, so that masking is idempotent: masking its own output
 * changes nothing. A second pass runs only when a placeholder ends up glued to a word, which is rare.
 */
export function maskToFixpoint(text: string, find: (text: string) => Finding[], fingerprint: Fingerprinter): { text: string; counts: MaskCounts } {
  let result = renderMasked(text, find(text), fingerprint);
  for (let pass = 1; pass < MAX_PASSES && GLUED_PLACEHOLDER.test(result.text); pass++) {
    const next = renderMasked(result.text, find(result.text), fingerprint);
    if (next.text === result.text) break;
    result = { text: next.text, counts: mergeCounts(result.counts, next.counts) };
  }
  return result;
}
