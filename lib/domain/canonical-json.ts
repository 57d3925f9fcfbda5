import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** RFC 8785 (JCS) canonical JSON: the one byte form that digests, chains and signatures are computed over. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("value has no JSON representation");
  return text;
}

export function sha256Hex(input: string | Uint8Array): string {
  return createHash("sha256").update(input).digest("hex");
}
