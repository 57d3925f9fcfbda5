import { describe, expect, it } from "vitest";
import type { HashableEvent } from "../../event-chain";
import { createSampler, drawOf, ENVIRONMENT_STRATIFICATION, RISK_STRATIFICATION, sampleSize, type Stratification } from "./sample";

const created = (id: string, month: string, environment = "production", risk?: string): HashableEvent => ({
  id: 1,
  type: "request.created",
  streamType: "request",
  streamId: id,
  actor: { kind: "agent", id: "a" },
  data: { environment, ...(risk && { risk: { level: risk, factors: [] } }) },
  correlationId: "c",
  occurredAt: `${month}-15T12:00:00.000Z`,
});

function draw(seed: string, events: HashableEvent[], by: Stratification = ENVIRONMENT_STRATIFICATION) {
  const sampler = createSampler(seed, by);
  events.forEach((event, i) => sampler.feed(i + 1, event));
  return sampler.finish();
}

describe("the sample", () => {
  it("is sized by the attribute-sampling table, never more than the stratum", () => {
    expect([0, 1, 3, 4, 5, 12, 13, 52, 53, 365, 366, 100_000].map(sampleSize)).toEqual([0, 1, 2, 2, 2, 2, 5, 5, 25, 25, 40, 40]);
  });

  it("takes the smallest draws of each stratum, whatever order the requests came in", () => {
    const events = Array.from({ length: 100 }, (_, i) => created(`r${i}`, i % 2 ? "2026-01" : "2026-02", i % 3 ? "production" : "staging"));
    const forward = draw("seed", events);
    expect(draw("seed", [...events].reverse())).toEqual({ ...forward, cases: forward.cases.map((c) => ({ ...c, events: expect.any(Array) })) });
    expect(forward.strata.map((s) => [s.month, s.value, s.population, s.size])).toEqual([
      ["2026-01", "production", 33, 5],
      ["2026-01", "staging", 17, 5],
      ["2026-02", "production", 33, 5],
      ["2026-02", "staging", 17, 5],
    ]);
    const january = events.filter((e) => e.occurredAt.startsWith("2026-01") && (e.data as { environment: string }).environment === "production").map((e) => e.streamId);
    const smallest = january.sort((a, b) => (drawOf("seed", a) < drawOf("seed", b) ? -1 : 1)).slice(0, 5);
    expect(forward.cases.filter((c) => c.month === "2026-01" && c.value === "production").map((c) => c.requestId)).toEqual(smallest);
  });

  it("changes with the seed", () => {
    const events = Array.from({ length: 60 }, (_, i) => created(`r${i}`, "2026-03"));
    expect(draw("one", events).cases.map((c) => c.requestId)).not.toEqual(draw("two", events).cases.map((c) => c.requestId));
  });

  it("format 5: stratifies by the risk request.created recorded, riskiest first within a month; none recorded (or unknown) is unassessed", () => {
    const levels = [undefined, "none", "low", "medium", "high", "severe"];
    const events = Array.from({ length: 120 }, (_, i) => created(`r${i}`, i % 2 ? "2026-01" : "2026-02", i % 4 ? "production" : "staging", levels[i % 6]));
    const { strata, cases } = draw("seed", events, RISK_STRATIFICATION);
    // Environment is no key: production and staging requests of one risk share a stratum.
    expect(strata.map((s) => [s.month, s.value, s.population, s.size])).toEqual([
      ["2026-01", "medium", 20, 5],
      ["2026-01", "none", 20, 5],
      ["2026-01", "unassessed", 20, 5],
      ["2026-02", "high", 20, 5],
      ["2026-02", "low", 20, 5],
      ["2026-02", "unassessed", 20, 5],
    ]);
    for (const s of strata) expect(cases.filter((c) => c.month === s.month && c.value === s.value).map((c) => c.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(draw("seed", [...events].reverse(), RISK_STRATIFICATION).cases.map((c) => c.requestId)).toEqual(cases.map((c) => c.requestId));
  });
});
