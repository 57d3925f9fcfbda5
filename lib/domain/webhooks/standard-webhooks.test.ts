import { generateKeyPairSync, verify } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { publicKeyString, signatureHeader, webhookHeaders } from "./standard-webhooks";

const message = { id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330, body: '{"test": 2432232314}' };

describe("Standard Webhooks signatures", () => {
  it("matches the specification's HMAC test vector", () => {
    // The vector from the Standard Webhooks reference libraries' tests.
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    expect(signatureHeader(message, { kind: "hmac", secret })).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("signs HMAC deliveries that the standardwebhooks package verifies, and no altered body", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const now = { ...message, timestamp: Math.floor(Date.now() / 1000) };
    const headers = webhookHeaders(now, { kind: "hmac", secret });
    expect(new Webhook(secret).verify(now.body, headers)).toEqual({ test: 2432232314 });
    expect(() => new Webhook(secret).verify('{"test": 1}', headers)).toThrow();
  });

  it("signs v1a with Ed25519 over id.timestamp.body, verifiable from the whpk_ key alone", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const header = signatureHeader(message, { kind: "ed25519", privateKey });
    expect(header).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    const whpk = publicKeyString(publicKey);
    expect(whpk).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    // A receiver's own check: the raw key from whpk_, wrapped as SPKI, verifies the signature.
    const raw = Buffer.from(whpk.slice(5), "base64");
    const spki = Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), raw]);
    const signature = Buffer.from(header.slice(4), "base64");
    const content = Buffer.from(`${message.id}.${message.timestamp}.${message.body}`);
    expect(verify(null, content, { key: spki, format: "der", type: "spki" }, signature)).toBe(true);
    expect(verify(null, Buffer.from(`${message.id}.${message.timestamp + 1}.${message.body}`), { key: spki, format: "der", type: "spki" }, signature)).toBe(false);
  });
});
