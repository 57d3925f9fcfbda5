import { describe, expect, it } from "vitest";
import { canTransition, hasLapsed, REQUEST_STATUSES } from "./request-status";

/** Statuses from which nothing more can happen. */
const TERMINAL_STATUSES = ["rejected", "expired", "cancelled", "executed", "failed"] as const;

describe("request lifecycle", () => {
  it("allows exactly the documented moves", () => {
    const allowed = REQUEST_STATUSES.flatMap((from) => REQUEST_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual(
      ["pending→approved", "pending→rejected", "pending→expired", "pending→cancelled", "approved→executed", "approved→failed"].sort(),
    );
  });

  it("lets nothing leave a terminal status", () => {
    for (const from of TERMINAL_STATUSES) for (const to of REQUEST_STATUSES) expect(canTransition(from, to)).toBe(false);
  });

  it("counts a pending request as lapsed from its expiry instant, before any sweep", () => {
    const expiresAt = new Date("2026-11-21T12:00:00Z");
    expect(hasLapsed({ status: "pending", expiresAt }, new Date("2026-11-21T11:59:59.999Z"))).toBe(false);
    expect(hasLapsed({ status: "pending", expiresAt }, expiresAt)).toBe(true);
    expect(hasLapsed({ status: "approved", expiresAt }, new Date("2026-11-22T00:00:00Z"))).toBe(false);
  });
});
