import { createHmac } from "node:crypto";

export type Fingerprinter = (kind: string, value: string) => string;

/**
 * First 6 hex chars of HMAC-SHA256(key, kind + ":" + value). Keyed so that nobody without the key
 * can confirm a guess of a low-entropy value (a password) from its placeholder.
 */
export function createFingerprinter(key: string | Uint8Array): Fingerprinter {
  if (key.length === 0) throw new TypeError("masking key must not be empty");
  const keyBytes = typeof key === "string" ? Buffer.from(key, "utf8") : Buffer.from(key);
  return (kind, value) => createHmac("sha256", keyBytes).update(`${kind}:${value}`).digest("hex").slice(0, 6);
}
