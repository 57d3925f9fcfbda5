import "server-only";
import { LogLevel, WebClient } from "@slack/web-api";
import { getConfig } from "@/lib/config";

let cached: WebClient | null | undefined;

/**
 * The Slack Web API client (the official SDK), pointed at SLACK_API_URL (Slack's, or the stand-in),
 * or null when Slack is not configured. It retries nothing itself: the outbox owns retries, dead
 * letters and Retry-After; a rate-limited call fails at once with Slack's wait. Its own logging is
 * off (it could print request details); failures are classed by the callers.
 */
export function slackClient(): WebClient | null {
  if (cached !== undefined) return cached;
  const { botToken, apiUrl } = getConfig().slack;
  cached = botToken
    ? new WebClient(botToken, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 10_000, logLevel: LogLevel.ERROR, logger: SILENT })
    : null;
  return cached;
}

const noop = () => {};
const SILENT = { debug: noop, info: noop, warn: noop, error: noop, setLevel: noop, getLevel: () => LogLevel.ERROR, setName: noop };
