import { setTimeout as sleep } from "node:timers/promises";
import { log } from "../../lib/logging/logger";
import { describeErrorSafely } from "../../lib/services/describe-error";

/** The longest rest after failures in a row: a lasting fault is still reported every minute. */
const MAX_BACKOFF_MS = 60_000;

/**
 * Runs `task` until `signal` aborts: again at once while it reports work done (it drains), then after
 * `everyMs`. A failure is logged as one line, described safely (no SQL, no parameters), and tried
 * again after a rest that doubles with each failure in a row, so a fault that lasts (a broken chain, a
 * lost database) is reported steadily rather than five times a second, and never passes silently.
 */
export async function repeat(name: string, everyMs: number, task: () => Promise<number>, signal: AbortSignal): Promise<void> {
  let failures = 0;
  while (!signal.aborted) {
    try {
      while (!signal.aborted && (await task()) > 0);
      failures = 0;
    } catch (error) {
      // Ctrl-C reaches PostgreSQL too; a connection lost while stopping is expected, not news.
      if (signal.aborted) break;
      failures += 1;
      log.error(`The ${name} failed; retrying`, { source: "worker", worker: name, failures, error: describeErrorSafely(error) });
    }
    const rest = failures === 0 ? everyMs : Math.min(everyMs * 2 ** failures, MAX_BACKOFF_MS);
    await sleep(rest, undefined, { signal }).catch(() => {});
  }
}
