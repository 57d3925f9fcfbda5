import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getConfig } from "@/lib/config";

/**
 * What a webhook subscription must keep but the database must not hold in clear (its URL, which may
 * carry a token, and an HMAC subscription's whsec_ secret): sealed with AES-256-GCM under a key
 * derived from WEBHOOK_SECRETS_KEY. A copy of the database alone reveals neither; a sealed value
 * altered in the database fails to open rather than send anything elsewhere.
 */
const VERSION = "v1";

function key(): Buffer {
  const { secretsKey } = getConfig().webhooks;
  if (!secretsKey) throw new Error("WEBHOOK_SECRETS_KEY is required for webhooks");
  return Buffer.from(hkdfSync("sha256", secretsKey, "", "countersign webhook secrets v1", 32));
}

export function sealWebhookSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv, sealed, cipher.getAuthTag()].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

export function openWebhookSecret(sealed: string): string {
  const [version, iv, data, tag] = sealed.split(".");
  if (version !== VERSION || !iv || data === undefined || !tag) throw new Error("a sealed webhook secret is malformed");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
