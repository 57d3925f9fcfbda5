import "server-only";
import { calculateJwkThumbprint, importJWK, type CryptoKey, type JWK } from "jose";
import { getConfig } from "@/lib/config";

export type SigningKey = { kid: string; privateKey: CryptoKey; publicJwk: JWK };

let cached: Promise<SigningKey> | undefined;

/**
 * The Ed25519 key that signs grants and evidence packs, from SIGNING_KEY (a private JWK). Its `kid` is
 * the RFC 7638 thumbprint, so verifiers can pick the key from /.well-known/jwks.json.
 */
export function getSigningKey(): Promise<SigningKey> {
  cached ??= (async () => {
    const jwk = JSON.parse(getConfig().signingKeyJwk) as JWK;
    if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || !jwk.d) throw new Error("SIGNING_KEY must be a private Ed25519 JWK");
    const { d: _private, ...publicPart } = jwk;
    const kid = await calculateJwkThumbprint(publicPart);
    const privateKey = (await importJWK({ ...jwk, alg: "EdDSA" }, "EdDSA")) as CryptoKey;
    return { kid, privateKey, publicJwk: { ...publicPart, kid, alg: "EdDSA", use: "sig" } };
  })();
  return cached;
}

export async function getPublicJwks(): Promise<{ keys: JWK[] }> {
  return { keys: [(await getSigningKey()).publicJwk] };
}
