import { createHash, timingSafeEqual } from "node:crypto";

export type MetricsAccess = "granted" | "not-configured" | "no-credentials" | "wrong-credentials";

/**
 * Whether a scrape may read /metrics. The figures say how busy the console is and what it masks, so
 * without METRICS_TOKEN the endpoint stays shut (fail closed; a caller's address cannot be trusted
 * behind a proxy, and X-Forwarded-For is the caller's to write). Both sides are hashed first so the
 * constant-time comparison works on equal lengths and leaks nothing of the token's length either.
 */
export function checkMetricsAccess(authorization: string | null, token: string | undefined): MetricsAccess {
  if (!token) return "not-configured";
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!presented) return "no-credentials";
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(token)) ? "granted" : "wrong-credentials";
}
