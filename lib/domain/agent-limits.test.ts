import { describe, expect, it } from "vitest";
import { checkAgentLimits, PENDING_RETRY_AFTER_MAX_SECONDS, type AgentLoad } from "./agent-limits";

const now = new Date("2026-12-01T12:00:00Z");
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);
const limits = { requestsPerWindow: 3, windowSeconds: 60, maxPending: 5 };
const idle: AgentLoad = { recentCreatedAt: [], pending: 0, earliestPendingExpiry: null };

describe("checkAgentLimits", () => {
  it("lets an agent under both limits submit", () => {
    expect(checkAgentLimits(limits, { ...idle, recentCreatedAt: [secondsAgo(1), secondsAgo(2)], pending: 4 }, now)).toEqual({ ok: true });
  });

  it("refuses the request over the rate, until the oldest counted one leaves the window", () => {
    const verdict = checkAgentLimits(limits, { ...idle, recentCreatedAt: [secondsAgo(1), secondsAgo(10), secondsAgo(45.5)] }, now);
    expect(verdict).toMatchObject({ ok: false, code: "RATE_LIMITED", retryAfterSeconds: 15 });
  });

  it("never answers Retry-After 0, even when a place is about to free", () => {
    const verdict = checkAgentLimits(limits, { ...idle, recentCreatedAt: [secondsAgo(1), secondsAgo(2), secondsAgo(59.999)] }, now);
    expect(verdict).toMatchObject({ ok: false, retryAfterSeconds: 1 });
  });

  it("refuses a full pending queue, waiting at most until its first request expires and never long", () => {
    const soon = checkAgentLimits(limits, { ...idle, pending: 5, earliestPendingExpiry: new Date(now.getTime() + 20_000) }, now);
    expect(soon).toMatchObject({ ok: false, code: "TOO_MANY_PENDING", retryAfterSeconds: 20 });
    const late = checkAgentLimits(limits, { ...idle, pending: 7, earliestPendingExpiry: new Date(now.getTime() + 3_600_000) }, now);
    expect(late).toMatchObject({ ok: false, code: "TOO_MANY_PENDING", retryAfterSeconds: PENDING_RETRY_AFTER_MAX_SECONDS });
  });

  it("treats 0 as no limit", () => {
    const busy: AgentLoad = { recentCreatedAt: [secondsAgo(1), secondsAgo(2), secondsAgo(3)], pending: 1000, earliestPendingExpiry: null };
    expect(checkAgentLimits({ requestsPerWindow: 0, windowSeconds: 60, maxPending: 0 }, busy, now)).toEqual({ ok: true });
  });
});
