import { canonicalJson, sha256Hex } from "./canonical-json";

export type BoundPayload = { action: string; resource: string; environment: string; parameters: unknown };

/**
 * The digest an approval is bound to: `sha256:` + hex SHA-256 of the JCS form of exactly
 * {action, resource, environment, parameters} as submitted, before masking. An agent recomputes it
 * over what it is about to run and compares it with the grant's claim, so a swapped payload is caught.
 */
export function payloadDigest(payload: BoundPayload): string {
  const { action, resource, environment, parameters } = payload;
  return `sha256:${sha256Hex(canonicalJson({ action, resource, environment, parameters }))}`;
}
