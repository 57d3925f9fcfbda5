import { describe, expect, it } from "vitest";
import { slackSignature, verifySlackSignature } from "./slack-signature";

// Slack's own worked example (api.slack.com/authentication/verifying-requests-from-slack).
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const TIMESTAMP = "1531420618";
const at = (seconds: number) => new Date(seconds * 1000);

describe("Slack request signatures", () => {
  it("computes Slack's published example", () => {
    expect(slackSignature(SECRET, TIMESTAMP, BODY)).toBe("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
  });

  it("accepts the exact request within five minutes either way", () => {
    const signature = slackSignature(SECRET, TIMESTAMP, BODY);
    for (const now of [1531420618, 1531420618 + 300, 1531420618 - 300]) {
      expect(verifySlackSignature({ secret: SECRET, timestamp: TIMESTAMP, signature, body: BODY, now: at(now) })).toEqual({ ok: true });
    }
  });

  it("refuses a stale timestamp, even correctly signed", () => {
    const signature = slackSignature(SECRET, TIMESTAMP, BODY);
    expect(verifySlackSignature({ secret: SECRET, timestamp: TIMESTAMP, signature, body: BODY, now: at(1531420618 + 301) })).toEqual({ ok: false, reason: "stale" });
  });

  it("refuses a changed body, another secret, a truncated or missing signature", () => {
    const now = at(1531420618);
    const signature = slackSignature(SECRET, TIMESTAMP, BODY);
    expect(verifySlackSignature({ secret: SECRET, timestamp: TIMESTAMP, signature, body: `${BODY}x`, now }).ok).toBe(false);
    expect(verifySlackSignature({ secret: "another-secret", timestamp: TIMESTAMP, signature, body: BODY, now }).ok).toBe(false);
    expect(verifySlackSignature({ secret: SECRET, timestamp: TIMESTAMP, signature: signature.slice(0, -1), body: BODY, now })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySlackSignature({ secret: SECRET, timestamp: null, signature, body: BODY, now })).toEqual({ ok: false, reason: "missing" });
    expect(verifySlackSignature({ secret: SECRET, timestamp: "12x", signature, body: BODY, now })).toEqual({ ok: false, reason: "missing" });
  });
});
