import { describe, expect, it } from "vitest";
import { authenticatedWithin, authenticationFromClaims, CLOCK_SKEW_SECONDS } from "./authentication";

describe("authentication from ID token claims", () => {
  it("reads auth_time (seconds), amr and acr", () => {
    expect(authenticationFromClaims({ auth_time: 1_790_000_000, amr: ["pwd", "otp"], acr: "urn:example:mfa" })).toEqual({
      time: new Date(1_790_000_000_000),
      methods: ["pwd", "otp"],
      contextClass: "urn:example:mfa",
    });
  });

  it("says nothing it was not told", () => {
    expect(authenticationFromClaims({ sub: "alice" })).toEqual({ time: null, methods: [], contextClass: null });
  });

  it("keeps no malformed value", () => {
    const parsed = authenticationFromClaims({
      auth_time: "1790000000",
      amr: ["pwd", 7, "", "with space", "nul\u0000", "x".repeat(257), "pwd", null],
      acr: "\ud800",
    });
    expect(parsed).toEqual({ time: null, methods: ["pwd"], contextClass: null });
    expect(authenticationFromClaims({ auth_time: 1.5 }).time).toBeNull();
    expect(authenticationFromClaims({ auth_time: -1 }).time).toBeNull();
    expect(authenticationFromClaims({ auth_time: Number.MAX_VALUE }).time).toBeNull();
    expect(authenticationFromClaims({ amr: "pwd" }).methods).toEqual([]);
    expect(authenticationFromClaims({ amr: Array.from({ length: 40 }, (_, i) => `m${i}`) }).methods).toHaveLength(16);
  });
});

describe("authenticated within", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  const at = (secondsAgo: number) => ({ time: new Date(now.getTime() - secondsAgo * 1000), methods: ["pwd"], contextClass: null });

  it("accepts an authentication up to exactly the limit, and not a second older", () => {
    expect(authenticatedWithin(at(0), 300, now)).toBe(true);
    expect(authenticatedWithin(at(300), 300, now)).toBe(true);
    expect(authenticatedWithin(at(301), 300, now)).toBe(false);
  });

  it("never accepts an unknown one", () => {
    expect(authenticatedWithin(undefined, 300, now)).toBe(false);
    expect(authenticatedWithin({ time: null, methods: ["pwd"], contextClass: null }, 300, now)).toBe(false);
  });

  it("allows an IdP clock slightly ahead, not a time far in the future", () => {
    expect(authenticatedWithin(at(-CLOCK_SKEW_SECONDS), 300, now)).toBe(true);
    expect(authenticatedWithin(at(-CLOCK_SKEW_SECONDS - 1), 300, now)).toBe(false);
  });
});
