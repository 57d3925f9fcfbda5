import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
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
