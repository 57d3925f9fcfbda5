import "server-only";
import { createPrivateKey, createPublicKey, type JsonWebKey } from "node:crypto";
import { getConfig } from "@/lib/config";
import type { NoteSigner, NoteVerifier } from "@/lib/domain/merkle/checkpoint";

/**
 * The worker's checkpoint key, from CHECKPOINT_KEY (a private Ed25519 JWK; generated into
 * .data/secrets.json in demo mode). Its signed-note name is the log's origin.
 */
export function getCheckpointSigner(): NoteSigner {
  const { keyJwk, origin } = getConfig().checkpoint;
  if (!keyJwk) throw new Error("CHECKPOINT_KEY (an Ed25519 private JWK) is required to sign checkpoints");
  const jwk = parseEd25519(keyJwk, "CHECKPOINT_KEY");
  if (!jwk.d) throw new Error("CHECKPOINT_KEY must be a private Ed25519 JWK");
  const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
  return { name: origin, privateKey, publicKey: createPublicKey(privateKey) };
}

/** What verifies checkpoints: CHECKPOINT_PUBLIC_KEY (the console's), else the public half of CHECKPOINT_KEY; null if neither is set. */
export function getCheckpointVerifier(): NoteVerifier | null {
  const { keyJwk, publicKeyJwk, origin } = getConfig().checkpoint;
  if (publicKeyJwk) {
    const { d: _private, ...publicPart } = parseEd25519(publicKeyJwk, "CHECKPOINT_PUBLIC_KEY");
    return { name: origin, publicKey: createPublicKey({ key: publicPart, format: "jwk" }) };
  }
  return keyJwk ? getCheckpointSigner() : null;
}

function parseEd25519(text: string, setting: string): JsonWebKey {
  let jwk: JsonWebKey;
  try {
    jwk = JSON.parse(text) as JsonWebKey;
  } catch {
    throw new Error(`${setting} is not valid JSON: expected an Ed25519 JWK`);
  }
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string") throw new Error(`${setting} must be an Ed25519 JWK`);
  return jwk;
}
