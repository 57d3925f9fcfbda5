import canonicalize from "canonicalize";

export type BoundPayload = { action: string; resource: string; environment: string; parameters: unknown };

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

export async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
}

/** RFC 8785 (JCS): the one byte form the server hashes; refuses what JSON cannot represent. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("value has no JSON representation");
  return text;
}

/**
 * What a grant is bound to, computed the way the server does: `sha256:` + hex SHA-256 of the JCS form
 * of exactly {action, resource, environment, parameters}. Web Crypto only, so it runs on edge runtimes.
 */
export function payloadDigest({ action, resource, environment, parameters }: BoundPayload): Promise<string> {
  return jsonDigest({ action, resource, environment, parameters });
}

/** `sha256:` + hex SHA-256 of the JCS form of any JSON value. */
export async function jsonDigest(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(value));
  return `sha256:${hex(await crypto.subtle.digest("SHA-256", bytes))}`;
}
