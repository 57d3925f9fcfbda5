import "server-only";
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { getConfig } from "@/lib/config";
import { publicKeyString } from "@/lib/domain/webhooks/standard-webhooks";
import { parseEd25519Jwk, publicPart } from "./ed25519-key-setting";

/**
 * The key that signs outbound webhooks (`v1a`), from WEBHOOK_KEY: an Ed25519 private JWK, separate
 * from the grant key (SIGNING_KEY) and the checkpoint key, generated into .data/secrets.json in demo
 * mode. Only the worker (and the CLI) hold it; the console gets WEBHOOK_PUBLIC_KEY.
 */
export function getWebhookPrivateKey(): KeyObject {
  const { keyJwk } = getConfig().webhooks;
  if (!keyJwk) throw new Error("WEBHOOK_KEY (an Ed25519 private JWK) is required to sign webhooks");
  const jwk = parseEd25519Jwk(keyJwk, "WEBHOOK_KEY");
  if (!jwk.d) throw new Error("WEBHOOK_KEY must be a private Ed25519 JWK");
  return createPrivateKey({ key: jwk, format: "jwk" });
}

/**
 * What receivers verify `v1a` signatures with: `whpk_` + base64 of the raw 32-byte Ed25519 public
 * key, from WEBHOOK_PUBLIC_KEY (the console's) or the public half of WEBHOOK_KEY.
 */
export function getWebhookPublicKey(): string {
  const { keyJwk, publicKeyJwk } = getConfig().webhooks;
  const text = publicKeyJwk ?? keyJwk;
  if (!text) throw new Error("WEBHOOK_PUBLIC_KEY or WEBHOOK_KEY (an Ed25519 JWK) is required for webhooks");
  const jwk = parseEd25519Jwk(text, publicKeyJwk ? "WEBHOOK_PUBLIC_KEY" : "WEBHOOK_KEY");
  return publicKeyString(createPublicKey({ key: publicPart(jwk), format: "jwk" }));
}
