import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SealConflictError } from "../../lib/services/seal-events";
import { repeat } from "./repeat";

afterEach(() => vi.restoreAllMocks());

describe("the worker's loop", () => {
  it("reports a lasting failure on every try, by name and reason, and backs off instead of spinning", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    let tries = 0;
    const stop = new AbortController();
    const running = repeat(
      "sealer",
      10,
      async () => {
        tries += 1;
        throw new SealConflictError("event 5 waits to be sealed but is already chained at seq 3");
      },
      stop.signal,
    );
    await sleep(400);
    stop.abort();
    await running;
    // 10, 20, 40, 80, 160 ms rests: a handful of tries in 400 ms, not forty.
    expect(tries).toBeGreaterThanOrEqual(3);
    expect(tries).toBeLessThanOrEqual(7);
    expect(log).toHaveBeenCalledTimes(tries);
    expect(JSON.parse(log.mock.calls[0][0])).toEqual({
      level: "error",
      worker: "sealer",
      failures: 1,
      error: "SealConflictError: event 5 waits to be sealed but is already chained at seq 3",
    });
  });

  it("drains while there is work, then rests; a database error is logged without its query or parameters", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const results: (number | Error)[] = [3, 2, 0, new Error("Failed query: insert into event_chain values ($1)\nparams: s3cret", { cause: { code: "23505", constraint_name: "event_chain_pkey" } })];
    const stop = new AbortController();
    let calls = 0;
    const running = repeat(
      "sealer",
      30,
      async () => {
        const next = results[calls++] ?? 0;
        if (next instanceof Error) throw next;
        return next;
      },
      stop.signal,
    );
    await sleep(10);
    expect(calls).toBe(3);
    await sleep(150);
    stop.abort();
    await running;
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toBe(JSON.stringify({ level: "error", worker: "sealer", failures: 1, error: "database error 23505 (event_chain_pkey)" }));
  });
});
