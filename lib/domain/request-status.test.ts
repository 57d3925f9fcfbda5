import { describe, expect, it } from "vitest";
import { canTransition, REQUEST_STATUSES, TERMINAL_STATUSES } from "./request-status";

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
});
