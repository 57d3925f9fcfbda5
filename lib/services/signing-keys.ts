import "server-only";
import { calculateJwkThumbprint, importJWK, type CryptoKey, type JWK } from "jose";
import { getConfig } from "@/lib/config";
import { getCheckpointPublicJwks } from "./checkpoint-key";
import { parseEd25519Jwk, parseRetiredKeys, publicPart, type Ed25519Jwk } from "./ed25519-key-setting";

export type SigningKey = { kid: string; privateKey: CryptoKey; publicJwk: JWK };
/** A key that verifies; `privateKey` only for a retired key whose private half is still configured. */
export type KnownSigningKey = { kid: string; publicJwk: JWK; publicKey: CryptoKey; privateKey?: CryptoKey };

type Keyring = { current: SigningKey; known: Map<string, KnownSigningKey> };

let cached: Promise<Keyring> | undefined;

/**
 * The keys that sign grants and evidence packs: SIGNING_KEY, the current one and the only one that
 * signs anything new, and SIGNING_KEYS_RETIRED, the keys it replaced, which stay published and keep
 * verifying what they signed. Each key's id (`kid`) is its RFC 7638 thumbprint, so verifiers can pick
 * it from /.well-known/jwks.json and no key can wear another's id.
 */
function keyring(): Promise<Keyring> {
  cached ??= (async () => {
    const config = getConfig();
    const jwk = parseEd25519Jwk(config.signingKeyJwk, "SIGNING_KEY");
    if (!jwk.d) throw new Error("SIGNING_KEY must be a private Ed25519 JWK");
    const current = await load(jwk);
    const known = new Map([[current.kid, current]]);
    for (const retired of parseRetiredKeys(config.retiredSigningKeys, "SIGNING_KEYS_RETIRED", "sig")) {
      const key = await load(retired);
      if (!known.has(key.kid)) known.set(key.kid, key);
    }
    return { current: current as SigningKey, known };
  })();
  return cached;
}

async function load(jwk: Ed25519Jwk): Promise<KnownSigningKey> {
  const publicJwk = publicPart(jwk);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    publicJwk: { ...publicJwk, kid, alg: "EdDSA", use: "sig" },
    publicKey: (await importJWK({ ...publicJwk, alg: "EdDSA" }, "EdDSA")) as CryptoKey,
    ...(jwk.d && { privateKey: (await importJWK({ ...jwk, alg: "EdDSA" }, "EdDSA")) as CryptoKey }),
  };
}

/** The current key: the one that signs every new grant and pack. */
export async function getSigningKey(): Promise<SigningKey> {
  return (await keyring()).current;
}

/** The current or a retired key by its id; null for a key this deployment does not know. */
export async function findSigningKey(kid: string): Promise<KnownSigningKey | null> {
  return (await keyring()).known.get(kid) ?? null;
}

/**
 * /.well-known/jwks.json: the current signing key first, then the retired ones (`use: "sig"`), then
 * the transparency log's checkpoint keys (`use: "checkpoint"`, never a JWS key; see checkpoint-key.ts).
 */
export async function getPublicJwks(): Promise<{ keys: JWK[] }> {
  const { known } = await keyring();
  return { keys: [...[...known.values()].map((key) => key.publicJwk), ...(await getCheckpointPublicJwks())] };
}
