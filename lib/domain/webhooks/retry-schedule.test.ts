import { describe, expect, it } from "vitest";
import { nextStep, parseRetryAfter, RETRY_DELAYS_MS } from "./retry-schedule";

describe("retry schedule", () => {
  it("waits longer after each failure, within ±20%, and gives up after the last step", () => {
    expect(nextStep(1, null, 0.5)).toEqual({ kind: "retry", delayMs: 5_000 });
    expect(nextStep(1, null, 0)).toEqual({ kind: "retry", delayMs: 4_000 });
    expect(nextStep(2, null, 0.999_999)).toEqual({ kind: "retry", delayMs: 360_000 });
    expect(nextStep(RETRY_DELAYS_MS.length, null, 0.5)).toEqual({ kind: "retry", delayMs: 36_000_000 });
    expect(nextStep(RETRY_DELAYS_MS.length + 1, null, 0.5)).toEqual({ kind: "dead" });
  });

  it("honours a longer Retry-After, never beyond the longest step", () => {
    expect(nextStep(1, 60_000, 0.5)).toEqual({ kind: "retry", delayMs: 60_000 });
    expect(nextStep(2, 1_000, 0.5)).toEqual({ kind: "retry", delayMs: 300_000 });
    expect(nextStep(1, 7 * 86_400_000, 0.5)).toEqual({ kind: "retry", delayMs: 36_000_000 });
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Tue, 01 Dec 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Tue, 01 Dec 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
