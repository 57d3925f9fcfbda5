import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
// The agents' SDK computes the digest with its own copy (it may not import the server): both must agree.
import { payloadDigest as sdkPayloadDigest } from "../../packages/sdk/src/payload-digest";
import { canonicalJson } from "./canonical-json";
import { payloadDigest } from "./payload-digest";

const payload = { action: "db.export", resource: "postgres://prod/customers", environment: "production", parameters: { sql: "SELECT 1", limit: 10 } };

describe("payloadDigest", () => {
  it("is sha256 over the RFC 8785 form of exactly {action, resource, environment, parameters}", () => {
    const jcs = '{"action":"db.export","environment":"production","parameters":{"limit":10,"sql":"SELECT 1"},"resource":"postgres://prod/customers"}';
    expect(payloadDigest(payload)).toBe(`sha256:${createHash("sha256").update(jcs).digest("hex")}`);
  });

  it("ignores key order and fields outside the bound payload", () => {
    const reordered = { parameters: { limit: 10, sql: "SELECT 1" }, environment: "production", resource: payload.resource, action: payload.action };
    expect(payloadDigest({ ...reordered, summary: "different" } as typeof payload)).toBe(payloadDigest(payload));
  });

  it("changes when any bound value changes", () => {
    expect(payloadDigest({ ...payload, parameters: { sql: "SELECT 2", limit: 10 } })).not.toBe(payloadDigest(payload));
    expect(payloadDigest({ ...payload, environment: "staging" })).not.toBe(payloadDigest(payload));
  });
});

describe("canonicalJson (RFC 8785)", () => {
  it("serialises numbers and escapes as the RFC's examples do", () => {
    expect(canonicalJson({ b: [1e21, 0.000001, -0], a: "\u20ac\n\u0007" })).toBe('{"a":"€\\n\\u0007","b":[1e+21,0.000001,0]}');
  });
});

describe("the agents' SDK's payloadDigest", () => {
  const bound = (parameters: unknown) => ({ action: "db.export", resource: "postgres://prod/customers", environment: "production", parameters });

  it.each([
    ["numbers at the edges of ECMAScript's serialisation", { big: 1e21, small: 1e-7, tiny: 5e-324, max: Number.MAX_SAFE_INTEGER + 2, negZero: -0, sum: 0.1 + 0.2, exp: 123e-20 }],
    ["keys sorted by UTF-16 code units, not code points or locale", { "\u20ac": 1, "\r": 2, "\ud83d\ude00": 3, "\ufb33": 4, "1": 5, "10": 6, a: 7, B: 8, "": 9 }],
    ["escapes: controls, quotes, backslashes, and non-ASCII kept literal", { s: "\u0000\u0007\b\t\n\f\r\"\\/\u007f\u2028\u2029é😀" }],
    ["empty and nested containers", { a: [], o: {}, n: null, deep: [[[{ x: [{}] }]]], t: true, f: false }],
  ])("agrees with the server's on %s", async (_, parameters) => {
    const wire = JSON.parse(JSON.stringify(parameters));
    expect(await sdkPayloadDigest(bound(wire))).toBe(payloadDigest(bound(wire)));
  });

  it("refuses, as the server's does, a lone surrogate (which has no canonical form)", async () => {
    expect(() => payloadDigest(bound({ s: "\ud800x" }))).toThrow();
    await expect(sdkPayloadDigest(bound({ s: "\ud800x" }))).rejects.toThrow();
  });

  it("agrees with the server's on any JSON", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.string(), async (parameters, action) => {
        const payload = { ...bound(parameters), action };
        expect(await sdkPayloadDigest(payload)).toBe(payloadDigest(payload));
      }),
      { numRuns: 300 },
    );
  });
});
