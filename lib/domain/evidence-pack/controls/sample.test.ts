import { describe, expect, it } from "vitest";
import type { HashableEvent } from "../../event-chain";
import { createSampler, drawOf, sampleSize } from "./sample";

const created = (id: string, month: string, environment = "production"): HashableEvent => ({
  id: 1,
  type: "request.created",
  streamType: "request",
  streamId: id,
  actor: { kind: "agent", id: "a" },
  data: { environment },
  correlationId: "c",
  occurredAt: `${month}-15T12:00:00.000Z`,
});

function draw(seed: string, events: HashableEvent[]) {
  const sampler = createSampler(seed);
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
    expect(forward.strata.map((s) => [s.month, s.environment, s.population, s.size])).toEqual([
      ["2026-01", "production", 33, 5],
      ["2026-01", "staging", 17, 5],
      ["2026-02", "production", 33, 5],
      ["2026-02", "staging", 17, 5],
    ]);
    const january = events.filter((e) => e.occurredAt.startsWith("2026-01") && (e.data as { environment: string }).environment === "production").map((e) => e.streamId);
    const smallest = january.sort((a, b) => (drawOf("seed", a) < drawOf("seed", b) ? -1 : 1)).slice(0, 5);
    expect(forward.cases.filter((c) => c.month === "2026-01" && c.environment === "production").map((c) => c.requestId)).toEqual(smallest);
  });

  it("changes with the seed", () => {
    const events = Array.from({ length: 60 }, (_, i) => created(`r${i}`, "2026-03"));
    expect(draw("one", events).cases.map((c) => c.requestId)).not.toEqual(draw("two", events).cases.map((c) => c.requestId));
  });
});
