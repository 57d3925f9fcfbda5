import "server-only";
import type { JWK } from "jose";

/** An Ed25519 JWK read from a setting: `x` always, `d` when it is the private half. */
export type Ed25519Jwk = JWK & { kty: "OKP"; crv: "Ed25519"; x: string };

/** One Ed25519 JWK from a setting's JSON text; errors name the setting, never echo its value. */
export function parseEd25519Jwk(text: string, setting: string): Ed25519Jwk {
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    throw new Error(`${setting} is not valid JSON: expected an Ed25519 JWK`);
  }
  return checkEd25519(jwk, setting);
}

/**
 * The retired keys of a setting: a JSON array of Ed25519 JWKs or a JWK set (`{"keys": […]}`, so a
 * saved /.well-known/jwks.json can be pasted as is; its keys of other uses are skipped). Empty when unset.
 */
export function parseRetiredKeys(text: string | undefined, setting: string, use: string): Ed25519Jwk[] {
  if (!text?.trim()) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${setting} is not valid JSON: expected an array of Ed25519 JWKs`);
  }
  const list = Array.isArray(json) ? json : (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new Error(`${setting} must be an array of Ed25519 JWKs or a JWK set`);
  return list
    .filter((jwk: { use?: unknown } | null) => typeof jwk?.use !== "string" || jwk.use === use)
    .map((jwk: unknown, i: number) => checkEd25519(jwk, `${setting}[${i}]`));
}

function checkEd25519(jwk: unknown, setting: string): Ed25519Jwk {
  const candidate = jwk as Partial<Ed25519Jwk> | null;
  if (candidate?.kty !== "OKP" || candidate.crv !== "Ed25519" || typeof candidate.x !== "string") throw new Error(`${setting} must be an Ed25519 JWK`);
  return candidate as Ed25519Jwk;
}

/** The public half: what may be published. */
export function publicPart({ kty, crv, x }: Ed25519Jwk): Ed25519Jwk {
  return { kty, crv, x };
}
