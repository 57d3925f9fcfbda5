import { beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { RetryLaterError, ServiceError } from "@/lib/services/errors";
import { errorToProblem, zodFieldErrors } from "./problem";

// Field paths are masked with the configured key, as in the running app.
beforeAll(() => {
  vi.stubEnv("DATABASE_URL", "postgres://unused");
  vi.stubEnv("MASKING_KEY", "unit-test-masking-key-0123456789abcdef");
  vi.stubEnv("SIGNING_KEY", "unused");
});

describe("errorToProblem", () => {
  it.each([
    ["NOT_FOUND", 404],
    ["SEPARATION_OF_DUTIES", 403],
    ["STEP_UP_REQUIRED", 403],
    ["FROZEN", 409],
    ["INVALID_STATE", 409],
    ["CONFLICT", 409],
    ["VALIDATION", 400],
    ["UNAUTHENTICATED", 401],
    ["AGENT_REVOKED", 409],
  ] as const)("maps %s to %i as problem+json carrying the request id", async (code, status) => {
    const response = errorToProblem(new ServiceError(code, "explained"), "req-123");
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ status, detail: "explained", requestId: "req-123", type: expect.stringContaining(code.toLowerCase().replaceAll("_", "-")) });
  });

  it("maps UNAVAILABLE to 503 with Retry-After, so a client knows when to try again", async () => {
    const response = errorToProblem(new ServiceError("UNAVAILABLE", "not sealed yet", undefined, { retryAfterSeconds: 30 }), "req-7");
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toMatchObject({ status: 503, detail: "not sealed yet", requestId: "req-7" });
  });

  it.each(["RATE_LIMITED", "TOO_MANY_PENDING"] as const)("maps %s to a 429 with Retry-After in whole seconds", async (code) => {
    const response = errorToProblem(new RetryLaterError(code, "slow down", 17), "req-429");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("17");
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 429, detail: "slow down", requestId: "req-429" });
  });

  it("lists each invalid field of a zod error", async () => {
    const parsed = z.object({ a: z.string(), b: z.object({ c: z.number() }) }).safeParse({ a: 1, b: { c: "x" } });
    const body = await errorToProblem(parsed.error, "r").json();
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(["a", "b.c"]);
  });

  it("turns anything else into a generic 500 that echoes no SQL, secret or stack", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const error = new Error('insert into "api_keys" values ($1) -- cs_live_supersecret');
    const text = await errorToProblem(error, "req-9").text();
    expect(text).not.toContain("api_keys");
    expect(text).not.toContain("cs_live_supersecret");
    expect(text).not.toContain("at ");
    expect(JSON.parse(text)).toMatchObject({ status: 500, requestId: "req-9" });
    log.mockRestore();
  });
});

describe("zodFieldErrors", () => {
  const mask = (name: string) => name.replace(/ghp_\w+/, "[github_token:abc123]");

  it("names each unknown key as its own field, masked, and never echoes it in a message", () => {
    const parsed = z.object({ outcome: z.string(), nested: z.object({}).strict() }).strict().safeParse({
      outcome: "approve",
      approvedBy: "me",
      nested: { ghp_R3aLlyN0tAT0kenButL00ksLik3One0a1b2c: true },
    });
    const errors = zodFieldErrors(parsed.error!, mask);
    expect(errors).toEqual([
      { path: "nested.[github_token:abc123]", message: "Unknown field; remove it." },
      { path: "approvedBy", message: "Unknown field; remove it." },
    ]);
    expect(JSON.stringify(errors)).not.toContain("ghp_");
  });
});
