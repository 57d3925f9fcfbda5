import { CallMemo } from "./call-memo";
import { ipFindings, isClientIpKey } from "./detectors/client-ips";
import { isGcpKeyFileSecret } from "./detectors/cloud-credentials";
import { authorizationFindings, cookieFindings } from "./detectors/http-credentials";
import { isCertificateKey } from "./detectors/kubernetes-secrets";
import type { FindInText, FindSpans } from "./engine";
import { maskToFixpoint } from "./engine";
import { looksRandom } from "./entropy";
import { perCallFingerprinter, type Fingerprinter } from "./fingerprint";
import type { KeyRule } from "./key-names";
import { formatPlaceholder } from "./placeholder";
import { PRIORITY } from "./priority";
import { isReferenceValue } from "./reference-values";
import { fieldFinding, fieldReason } from "./structure/field-finding";
import type { FieldClassifier, FieldRule } from "./structure/field-vocabulary";
import { shapeEnd } from "./structure/value-shapes";
import type { Finding, MaskCounts, MaskReasons } from "./types";

/**
 * What the enclosing key says about a value: the same judgement the text detectors make from
 * `key: value`. One shape for every context (not `"clientIp" in context` on three shapes: the walk
 * tests the context of every value, and a megamorphic `in` showed in its profile).
 */
type Context = { rule: KeyRule | null; clientIp: boolean; kubernetesSecret: boolean; field: FieldRule | null } | null;

const CLIENT_IP_CONTEXT: Context = { rule: null, clientIp: true, kubernetesSecret: false, field: null };
const KUBERNETES_SECRET_CONTEXT: Context = { rule: null, clientIp: false, kubernetesSecret: true, field: null };

function contextFindings(value: string, context: Context, out: Finding[]): void {
  if (context === null || value.length === 0) return;
  if (context.clientIp) return ipFindings(value, 0, value.length, out);
  if (context.field !== null) return fieldFinding(value, 0, value.length, true, false, context.field, "field", PRIORITY.field, out);
  if (context.kubernetesSecret) {
    out.push({ start: 0, end: value.length, kind: "kubernetes_secret", priority: PRIORITY.structure });
    return;
  }
  const rule = context.rule!;
  if (rule.mode === "authorization") return authorizationFindings(value, 0, value.length, out);
  if (rule.mode === "cookie" || rule.mode === "set-cookie") return cookieFindings(value, 0, value.length, rule.mode === "set-cookie", out);
  if (isReferenceValue(value) || (rule.mode === "random" && !looksRandom(value))) return;
  out.push({ start: 0, end: value.length, kind: rule.kind, priority: PRIORITY.context });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Deep-masks a JSON value. Strings are masked as text, plus what their key implies; a number under a
 * secret key becomes a (string) placeholder; a GCP key file's key and key id become its placeholder.
 */
export function createJsonMasker(findSpans: FindSpans, fingerprint: Fingerprinter, fields: FieldClassifier) {
  return function maskJson<T>(input: T): { value: T; counts: MaskCounts; reasons: MaskReasons } {
    const counts: MaskCounts = {};
    const reasons: MaskReasons = {};
    const count = (kind: string, n = 1) => (counts[kind] = (counts[kind] ?? 0) + n);
    const addReason = (kind: string, reason: string, n: number) => {
      const byReason = (reasons[kind] ??= {});
      byReason[reason] = (byReason[reason] ?? 0) + n;
    };
    const addCounts = (more: MaskCounts, why: MaskReasons) => {
      for (const kind in more) count(kind, more[kind]);
      for (const kind in why) for (const reason in why[kind]) addReason(kind, reason, why[kind]![reason]!); // from for…in
    };

    // Keys and enum-like values repeat across a context; without key context a string masks the same every time.
    const plain = new Map<string, { text: string; counts: MaskCounts; reasons: MaskReasons }>();
    // The same secret often recurs in one context (a token in a header and in a curl line): one HMAC each.
    const cachedFingerprint: Fingerprinter = perCallFingerprinter(fingerprint);

    // Key and column classifications, shared by every string of this call and dropped with it.
    const memo = new CallMemo();
    const findInText: FindInText = (text) => findSpans(text, memo);
    // One finder per key context (contexts are shared per key name), not one closure per string.
    const finders = new Map<Context, FindInText>();
    const finderFor = (context: Context): FindInText => {
      let find = finders.get(context);
      if (find === undefined) {
        find =
          context === null
            ? findInText
            : (text, whole) => {
                const findings = findSpans(text, memo);
                // The key speaks for the whole value, not for a window of it that is scanned again.
                if (whole) contextFindings(text, context, findings);
                return findings;
              };
        finders.set(context, find);
      }
      return find;
    };

    const maskString = (value: string, context: Context): string => {
      const memo = context === null ? plain.get(value) : undefined;
      if (memo) {
        addCounts(memo.counts, memo.reasons);
        return memo.text;
      }
      const masked = maskToFixpoint(value, finderFor(context), cachedFingerprint);
      if (context === null) plain.set(value, masked);
      addCounts(masked.counts, masked.reasons);
      return masked.text;
    };

    const keyContexts = new Map<string, Context>();
    const keyContext = (key: string): Context => {
      let context = keyContexts.get(key);
      if (context === undefined) {
        const rule = memo.secretKey(key);
        const field = rule === null ? memo.field(key, fields) : null;
        context = isClientIpKey(key)
          ? CLIENT_IP_CONTEXT
          : rule
            ? { rule, clientIp: false, kubernetesSecret: false, field: null }
            : field
              ? { rule: null, clientIp: false, kubernetesSecret: false, field }
              : null;
        keyContexts.set(key, context);
      }
      return context;
    };

    const walk = (value: unknown, context: Context): unknown => {
      if (typeof value === "string") return maskString(value, context);
      if (typeof value === "number" || typeof value === "bigint") {
        if (context === null) return value;
        const digits = String(value);
        const field = context.field;
        // `"bank_account_number": 4410032781`: a number under a personal field, if it has the shape.
        const named = field !== null && shapeEnd(field.shape, digits, 0, digits.length, true) > 0;
        const kind = context.rule?.mode === "any" ? context.rule.kind : context.kubernetesSecret ? "kubernetes_secret" : named ? field.kind : null;
        if (kind === null) return value;
        count(kind);
        if (named) addReason(kind, fieldReason("field", field), 1);
        return formatPlaceholder(kind, cachedFingerprint(kind, digits));
      }
      if (Array.isArray(value)) {
        const items = new Array(value.length);
        for (let i = 0; i < value.length; i++) items[i] = walk(value[i], context);
        return items;
      }
      if (!isPlainObject(value)) return value;
      // A GCP key file: the key and its id are one secret (one placeholder, as in text); the
      // account, project and endpoints stay readable, so a reviewer sees which account it is.
      const keyFile = value.type === "service_account" && typeof value.private_key === "string";
      const keyFileSecret = keyFile
        ? formatPlaceholder("gcp_service_account_key", cachedFingerprint("gcp_service_account_key", typeof value.private_key_id === "string" ? value.private_key_id : String(value.private_key)))
        : "";
      const isSecretManifest = value.kind === "Secret";
      const result: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        if (keyFile && isGcpKeyFileSecret(key)) {
          count("gcp_service_account_key");
          result[key] = keyFileSecret;
          continue;
        }
        const childContext: Context =
          context !== null && context.kubernetesSecret
            ? isCertificateKey(key) ? null : context
            : isSecretManifest && (key === "data" || key === "stringData")
              ? KUBERNETES_SECRET_CONTEXT
              : keyContext(key);
        result[key.length >= 6 ? maskString(key, null) : key] = walk(value[key], childContext);
      }
      return result;
    };

    return { value: walk(input, null) as T, counts, reasons };
  };
}
