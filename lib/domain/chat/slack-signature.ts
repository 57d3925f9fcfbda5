import { createHmac, timingSafeEqual } from "node:crypto";

/** Slack's window: a request whose timestamp is further than this from now is refused (a replay, or a badly set clock). */
export const SLACK_SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SlackSignatureVerdict = { ok: true } | { ok: false; reason: "missing" | "stale" | "mismatch" };

/** `v0=` and the hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` under the signing secret: Slack's X-Slack-Signature. */
export function slackSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/**
 * Verifies a request exactly as Slack specifies: the timestamp within five minutes of now, then the v0
 * signature over the raw body, compared in constant time. The caller still refuses a replay inside
 * the window (the replay store).
 */
export function verifySlackSignature(input: { secret: string; timestamp: string | null; signature: string | null; body: string; now: Date }): SlackSignatureVerdict {
  const { secret, timestamp, signature, body, now } = input;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "missing" };
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) > SLACK_SIGNATURE_WINDOW_SECONDS) return { ok: false, reason: "stale" };
  const expected = Buffer.from(slackSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  // timingSafeEqual needs equal lengths; a length difference says nothing about the secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "mismatch" };
  return { ok: true };
}
