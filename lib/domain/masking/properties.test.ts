import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FORMAT_GENERATORS, FORMAT_KINDS, paymentCard, email, iban } from "./corpus/secret-values";
import { createRng } from "./corpus/random";
import { CallMemo } from "./call-memo";
import { createSpanFinder } from "./engine";
import { PLACEHOLDER_PATTERN, placeholderSpans } from "./placeholder";
import { TEST_PATTERNS, testMasker } from "./test-masker";
import { createCustomPatternDetector } from "./detectors/custom-patterns";

const findSpans = createSpanFinder([createCustomPatternDetector(TEST_PATTERNS)!]);

/** Secrets of every format, generated from a seed fast-check chooses. */
const secret = fc.tuple(fc.integer(), fc.constantFrom(...FORMAT_KINDS, "card", "email", "iban")).map(([seed, kind]) => {
  const r = createRng(seed);
  if (kind === "card") return paymentCard(r);
  if (kind === "email") return email(r);
  if (kind === "iban") return iban(r);
  return FORMAT_GENERATORS[kind](r);
});

/** Text around secrets: syntax that detectors key on, placeholders, quotes, escapes, unicode. */
const filler = fc.oneof(
  fc.constantFrom(" ", "\n", "=", ": ", '"', "'", "\\", '\\"', "password=", "token: ", "Authorization: Bearer ", "postgres://u:", "@db/x", "-----BEGIN PRIVATE KEY-----", "{\"apiKey\": ", "}", "%3A", "[password:abc123]", "[email:0f0f0f]", "client_ip=", "é", "😀", "kind: Secret\ndata:\n  a: "),
  fc.string({ maxLength: 12 }),
);

/**
 * Parts are joined by a delimiter, as tokens are in real text. Glued tokens (`…ATBB…=ATATT3…`) are
 * not covered: there a second pass can find one more token once its neighbour is masked (it only
 * ever masks more, never less).
 */
const document = fc
  .array(fc.tuple(fc.oneof(filler, secret), fc.constantFrom(" ", "\n", "\t", ", ", '" ', "; ")), { maxLength: 16 })
  .map((parts) => parts.map(([part, sep]) => part + sep).join(""));

describe("masking properties", () => {
  it("is idempotent: masking masked output changes nothing", () => {
    fc.assert(
      fc.property(document, (text) => {
        const once = testMasker.maskText(text).text;
        const twice = testMasker.maskText(once);
        expect(twice.text).toBe(once);
        expect(twice.counts).toEqual({});
      }),
      { numRuns: 600 },
    );
  });

  it("finds every generated secret in prose, whatever punctuation or neighbour surrounds it", () => {
    const punctuation = fc.constantFrom(
      (v: string) => v, (v: string) => `"${v}"`, (v: string) => `(${v})`, (v: string) => `<${v}>`, (v: string) => `${v}.`,
      (v: string) => `${v},`, (v: string) => `${v}:`, (v: string) => `${v}!`, (v: string) => `x=${v}&y=1`, (v: string) => `{"k": "${v}"}`,
    );
    const neighbour = fc.constantFrom("ref", "id 1234", "12/27", "1234 5678", "DE89 3704", "GB12", "v1.2.3", "token: ", "é", "");
    const prose = fc.array(fc.tuple(neighbour, secret, punctuation), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(prose, (parts) => {
        const masked = testMasker.maskText(parts.map(([before, value, wrap]) => `${before} ${wrap(value)}`).join(" ")).text;
        for (const [, value] of parts) expect(masked).not.toContain(value);
      }),
      { numRuns: 500 },
    );
  });

  it("never emits an 8-char substring of a detected value that the text around it does not also contain", () => {
    fc.assert(
      fc.property(document, (text) => {
        const masked = testMasker.maskText(text).text;
        // Placeholder text is the engine's own (a kind name may share 8 chars with a value: "access_token$…").
        const visible = masked.replace(PLACEHOLDER_PATTERN, "\u0000");
        const spans = findSpans(text, new CallMemo());
        const hidden = new Uint8Array(text.length);
        for (const f of spans) hidden.fill(1, f.start, f.end);
        const around = [...text].map((ch, i) => (hidden[i] ? "\u0000" : ch)).join("");
        const placeholders = placeholderSpans(text);
        for (const f of spans) {
          const value = text.slice(f.start, f.end);
          for (let i = 0; i + 8 <= value.length; i++) {
            const w = value.slice(i, i + 8);
            const inPlaceholder = placeholders.some(([s, e]) => f.start + i < e && s < f.start + i + 8);
            if (!inPlaceholder && visible.includes(w) && !around.includes(w)) {
              throw new Error(`leaked ${JSON.stringify(w)} of ${f.kind} ${JSON.stringify(value)} in ${JSON.stringify(masked)}`);
            }
          }
        }
      }),
      { numRuns: 600 },
    );
  });

  it("keeps JSON valid and its shape: every key stays, arrays keep their length", () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, document, fc.integer(), fc.boolean(), fc.constant(null), tie("array"), tie("object")),
      array: fc.array(tie("value"), { maxLength: 4 }),
      object: fc.dictionary(fc.oneof(fc.constantFrom("password", "apiKey", "client_ip", "data", "kind", "Authorization", "note"), fc.string({ maxLength: 8 })), tie("value"), { maxKeys: 5 }),
    })).value;
    const shape = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(shape) : v !== null && typeof v === "object" ? Object.keys(v).length : "scalar";
    fc.assert(
      fc.property(json, (value) => {
        const masked = testMasker.maskJson(value).value;
        expect(JSON.parse(JSON.stringify(masked))).toEqual(masked);
        expect(shape(masked)).toEqual(shape(value));
        expect(testMasker.maskJson(masked).value).toEqual(masked);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps JSON text valid when masking it as text", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("password", "token", "note", "url", "key"), document, { maxKeys: 4 }), (obj) => {
        const masked = testMasker.maskText(JSON.stringify(obj)).text;
        expect(() => JSON.parse(masked)).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });
});
