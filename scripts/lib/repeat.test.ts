import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configureLogger } from "../../lib/logging/logger";
import { SealConflictError } from "../../lib/services/seal-events";
import { repeat } from "./repeat";

/** What the worker logs, one parsed record per line. */
let records: Record<string, unknown>[] = [];
beforeEach(() => {
  records = [];
  configureLogger({ write: (line) => records.push(JSON.parse(line)) });
});
afterEach(() => configureLogger({ write: (line) => process.stdout.write(`${line}\n`) }));

describe("the worker's loop", () => {
  it("reports a lasting failure on every try, by name and reason, and backs off instead of spinning", async () => {
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
    expect(records).toHaveLength(tries);
    expect(records[0]).toMatchObject({
      level: "error",
      msg: "The sealer failed; retrying",
      worker: "sealer",
      failures: 1,
      error: "SealConflictError: event 5 waits to be sealed but is already chained at seq 3",
    });
  });

  it("drains while there is work, then rests; a database error is logged without its query or parameters", async () => {
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
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ level: "error", worker: "sealer", failures: 1, error: "database error 23505 (event_chain_pkey)" });
    expect(JSON.stringify(records[0])).not.toMatch(/insert into|s3cret/);
  });
});
