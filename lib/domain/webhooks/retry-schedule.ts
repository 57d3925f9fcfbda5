/**
 * When a failed delivery is tried again: the Standard Webhooks schedule (roughly exponential: 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after each failure, so eight attempts over about a day and a
 * half), each wait spread by ±20% so retries to an endpoint that came back do not arrive all at once.
 * A `Retry-After` longer than the wait is honoured, up to ten hours (the schedule's longest step), so
 * an endpoint cannot park a delivery forever. After the last step the delivery is dead: only a replay sends it again.
 */
export const RETRY_DELAYS_MS: readonly number[] = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

const JITTER = 0.2;
const RETRY_AFTER_CAP_MS = 36_000_000;

export type NextStep = { kind: "retry"; delayMs: number } | { kind: "dead" };

/**
 * After the `attempts`-th attempt failed. `random` is in [0, 1) (Math.random in production, fixed in
 * tests); `delays` lets a test run the same schedule scaled down.
 */
export function nextStep(attempts: number, retryAfterMs: number | null, random: number, delays: readonly number[] = RETRY_DELAYS_MS): NextStep {
  const base = delays[attempts - 1];
  if (base === undefined) return { kind: "dead" };
  const jittered = Math.round(base * (1 - JITTER + 2 * JITTER * random));
  return { kind: "retry", delayMs: retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, RETRY_AFTER_CAP_MS)) };
}

/** RFC 9110 `Retry-After`: delay-seconds or an HTTP date, in ms from `now`; null if absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
