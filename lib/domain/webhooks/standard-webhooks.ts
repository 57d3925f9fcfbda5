import { createHmac, sign, type KeyObject } from "node:crypto";

/**
 * Standard Webhooks (https://www.standardwebhooks.com/) signing: every delivery carries
 * `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`, a signature over the
 * exact bytes `${id}.${timestamp}.${body}`. Asymmetric signatures are `v1a,<base64 Ed25519 signature>`,
 * verified with a `whpk_` public key; symmetric ones are `v1,<base64 HMAC-SHA256>` keyed with the
 * base64 bytes after `whsec_`.
 */
export type WebhookSigner = { kind: "ed25519"; privateKey: KeyObject } | { kind: "hmac"; secret: string };

export type WebhookMessage = { id: string; timestamp: number; body: string };

export const PUBLIC_KEY_PREFIX = "whpk_";
export const SECRET_PREFIX = "whsec_";

/** The exact bytes signed: the spec's `msg_id.timestamp.payload`. */
export function signedContent({ id, timestamp, body }: WebhookMessage): Buffer {
  return Buffer.from(`${id}.${timestamp}.${body}`, "utf8");
}

/** The `webhook-signature` header's value. */
export function signatureHeader(message: WebhookMessage, signer: WebhookSigner): string {
  const content = signedContent(message);
  if (signer.kind === "ed25519") return `v1a,${sign(null, content, signer.privateKey).toString("base64")}`;
  return `v1,${createHmac("sha256", secretBytes(signer.secret)).update(content).digest("base64")}`;
}

/** The three headers of one attempt. */
export function webhookHeaders(message: WebhookMessage, signer: WebhookSigner): Record<string, string> {
  return { "webhook-id": message.id, "webhook-timestamp": String(message.timestamp), "webhook-signature": signatureHeader(message, signer) };
}

/** `whsec_` + base64 of the key bytes; the bytes are the HMAC key. */
export function secretBytes(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error("a Standard Webhooks secret starts with whsec_");
  return Buffer.from(secret.slice(SECRET_PREFIX.length), "base64");
}

/** `whpk_` + standard base64 of the raw 32-byte Ed25519 public key (RFC 8032), as the spec's asymmetric keys are written. */
export function publicKeyString(publicKey: KeyObject): string {
  const { x } = publicKey.export({ format: "jwk" });
  if (publicKey.asymmetricKeyType !== "ed25519" || typeof x !== "string") throw new Error("a webhook public key must be Ed25519");
  return `${PUBLIC_KEY_PREFIX}${Buffer.from(x, "base64url").toString("base64")}`;
}
