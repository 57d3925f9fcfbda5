import { describe, expect, it } from "vitest";
import { createMasker, describeMaskKind, InvalidPatternError, MASKING_ENGINE_VERSION, mergeCounts, PLACEHOLDER_PATTERN } from "./index";

describe("public API", () => {
  it("gives the same value the same placeholder under one key, and a different one under another key", () => {
    const a = createMasker({ key: "key-a" });
    const b = createMasker({ key: new TextEncoder().encode("key-b") });
    const text = "DB_PASSWORD=hunter2x and again DB_PASSWORD=hunter2x";
    const masked = a.maskText(text).text;
    const [first, second] = masked.match(PLACEHOLDER_PATTERN)!;
    expect(first).toBe(second);
    expect(b.maskText(text).text).not.toBe(masked);
    expect(a.maskText(text).counts).toEqual({ password: 2 });
  });

  it("rejects custom patterns RE2 cannot compile, naming the pattern", () => {
    expect(() => createMasker({ key: "k", customPatterns: [{ kind: "customer_id", pattern: "(a)\\1" }] })).toThrow(InvalidPatternError);
    expect(() => createMasker({ key: "k", customPatterns: [{ kind: "customer_id", pattern: "(a" }] })).toThrow(/customer_id.*\(a/);
    expect(() => createMasker({ key: "" })).toThrow();
  });

  it("describes kinds for reviewers, custom kinds included", () => {
    expect(describeMaskKind("aws_secret_access_key")).toBe("AWS secret access key");
    expect(describeMaskKind("email")).toBe("Email address");
    expect(describeMaskKind("customer_id")).toBe("Customer id");
  });

  it("merges counts and exposes a version", () => {
    expect(mergeCounts({ email: 1 }, { email: 2, jwt: 1 }, {})).toEqual({ email: 3, jwt: 1 });
    expect(MASKING_ENGINE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("deep-masks JSON: secret-named keys (numbers too), nested JSON strings, client IPs, GCP key files", () => {
    const masker = createMasker({ key: "k" });
    const { value, counts } = masker.maskJson({
      password: "hunter2x",
      apiKey: 12345,
      secret_name: "prod-db",
      max_tokens: 4096,
      body: '{"token":"abc123def456"}',
      request: { client_ip: "203.0.113.7", host: "10.0.0.1" },
      sa: { type: "service_account", private_key_id: "a".repeat(40), private_key: "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n" },
      list: ["ghp_" + "aB3dE5gH7jK9mN1pQ2sT4vW6yZ8aB3dE5gH7"],
    });
    expect(value).toEqual({
      password: expect.stringMatching(/^\[password:[0-9a-f]{6}\]$/),
      apiKey: expect.stringMatching(/^\[api_key:[0-9a-f]{6}\]$/),
      secret_name: "prod-db",
      max_tokens: 4096,
      body: expect.stringMatching(/^\{"token":"\[access_token:[0-9a-f]{6}\]"\}$/),
      request: { client_ip: expect.stringMatching(/^\[ip_address:[0-9a-f]{6}\]$/), host: "10.0.0.1" },
      sa: { type: "service_account", private_key_id: expect.stringMatching(/^\[gcp_service_account_key:[0-9a-f]{6}\]$/), private_key: expect.stringMatching(/^\[gcp_service_account_key:[0-9a-f]{6}\]$/) },
      list: [expect.stringMatching(/^\[github_token:[0-9a-f]{6}\]$/)],
    });
    expect(counts).toEqual({ password: 1, api_key: 1, access_token: 1, ip_address: 1, gcp_service_account_key: 2, github_token: 1 });
  });
});
