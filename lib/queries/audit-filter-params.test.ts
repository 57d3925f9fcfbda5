import { describe, expect, it } from "vitest";
import { auditFilterFromSearchParams, auditPageHref } from "./audit-filter-params";

describe("audit filters in the address", () => {
  it("round-trips every filter through the page's URL", () => {
    const filter = { type: "decision.", streamId: "5b0c7f5e-0d9a-4f43-9a55-3c1b1c6f7e10", actor: "alice@example.com", from: "2026-11-01", to: "2026-11-21" };
    const href = auditPageHref(filter);
    expect(href.startsWith("/audit?")).toBe(true);
    expect(auditFilterFromSearchParams(Object.fromEntries(new URL(href, "http://x").searchParams))).toEqual(filter);
  });

  it("drops empty values, unknown keys and dates that are not YYYY-MM-DD", () => {
    expect(auditFilterFromSearchParams({ type: "  ", from: "yesterday", to: "2026-11-21", evil: "x", actor: ["bob@example.com", "x"] })).toEqual({
      to: "2026-11-21",
      actor: "bob@example.com",
    });
    expect(auditPageHref({ type: " ", actor: "" })).toBe("/audit");
  });
});
