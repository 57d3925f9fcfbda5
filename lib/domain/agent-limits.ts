/**
 * Back-pressure on one agent, so a runaway agent cannot bury the reviewers' queue. A limit of 0 is
 * no limit. Pure: the caller reads the agent's load (from PostgreSQL, shared by every replica) and
 * the clock.
 */
export type AgentLimits = {
  /** New requests an agent may submit within any `windowSeconds` (a sliding window). */
  requestsPerWindow: number;
  windowSeconds: number;
  /** Requests an agent may have pending (undecided, unexpired) at once. */
  maxPending: number;
};

export type AgentLoad = {
  /** When the agent's requests of the last window were created, newest first; at most `requestsPerWindow` of them. */
  recentCreatedAt: Date[];
  pending: number;
  /** When the first of its pending requests expires, if it has any. */
  earliestPendingExpiry: Date | null;
};

export type LimitVerdict = { ok: true } | { ok: false; code: "RATE_LIMITED" | "TOO_MANY_PENDING"; reason: string; retryAfterSeconds: number };

/** A full queue frees a place when a reviewer decides or the agent cancels, so an agent is never told to wait longer than this. */
export const PENDING_RETRY_AFTER_MAX_SECONDS = 60;

const wholeSecondsUntil = (when: number, now: Date) => Math.max(1, Math.ceil((when - now.getTime()) / 1000));

/** May the agent submit one more request now? If not, why and for how long (whole seconds, at least 1). */
export function checkAgentLimits(limits: AgentLimits, load: AgentLoad, now: Date): LimitVerdict {
  const { requestsPerWindow, windowSeconds, maxPending } = limits;
  if (requestsPerWindow > 0 && load.recentCreatedAt.length >= requestsPerWindow) {
    // A place frees when the oldest request counted against the limit leaves the window.
    const oldestCounted = load.recentCreatedAt[requestsPerWindow - 1]!;
    return {
      ok: false,
      code: "RATE_LIMITED",
      reason: `This agent may submit at most ${requestsPerWindow} requests per ${windowSeconds} seconds.`,
      retryAfterSeconds: wholeSecondsUntil(oldestCounted.getTime() + windowSeconds * 1000, now),
    };
  }
  if (maxPending > 0 && load.pending >= maxPending) {
    const expiry = load.earliestPendingExpiry?.getTime() ?? now.getTime();
    return {
      ok: false,
      code: "TOO_MANY_PENDING",
      reason: `This agent already has ${load.pending} requests waiting for review, the most allowed (${maxPending}); wait for decisions or cancel some.`,
      retryAfterSeconds: Math.min(PENDING_RETRY_AFTER_MAX_SECONDS, wholeSecondsUntil(expiry, now)),
    };
  }
  return { ok: true };
}
