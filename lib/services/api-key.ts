import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Prefixed so a leaked key is recognisable by secret scanners (and by our own masking). */
export const API_KEY_PREFIX = "cs_live_";

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}

/** Keys are 256-bit random, so a plain SHA-256 is a safe at-rest hash (no salt or stretching needed). */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function apiKeyMatchesHash(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKey(key), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

export function displayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 4);
}
