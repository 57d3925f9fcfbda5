import "server-only";
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, type JWK } from "jose";
import { getConfig } from "@/lib/config";
import { noteVerifierKey, type NoteSigner, type NoteVerifier } from "@/lib/domain/merkle/checkpoint";
import { parseEd25519Jwk, parseRetiredKeys, publicPart, type Ed25519Jwk } from "./ed25519-key-setting";

/**
 * The worker's checkpoint key, from CHECKPOINT_KEY (a private Ed25519 JWK; generated into
 * .data/secrets.json in demo mode). Its signed-note name is the log's origin.
 */
export function getCheckpointSigner(): NoteSigner {
  const { keyJwk, origin } = getConfig().checkpoint;
  if (!keyJwk) throw new Error("CHECKPOINT_KEY (an Ed25519 private JWK) is required to sign checkpoints");
  const jwk = parseEd25519Jwk(keyJwk, "CHECKPOINT_KEY");
  if (!jwk.d) throw new Error("CHECKPOINT_KEY must be a private Ed25519 JWK");
  const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
  return { name: origin, privateKey, publicKey: createPublicKey(privateKey) };
}

/**
 * Every key whose checkpoints this deployment accepts, the current one first: CHECKPOINT_PUBLIC_KEY
 * (the console's), else the public half of CHECKPOINT_KEY (the worker's), then CHECKPOINT_KEYS_RETIRED,
 * the keys rotated out, so checkpoints they signed (in the sink, in packs) still verify. All carry the
 * log's origin as their signed-note name. Empty if no checkpoint key is configured.
 */
export function getCheckpointVerifiers(): NoteVerifier[] {
  const { keyJwk, publicKeyJwk, retiredKeys, origin } = getConfig().checkpoint;
  const verifier = (jwk: Ed25519Jwk): NoteVerifier => ({ name: origin, publicKey: publicKeyOf(jwk) });
  const current = publicKeyJwk
    ? [verifier(parseEd25519Jwk(publicKeyJwk, "CHECKPOINT_PUBLIC_KEY"))]
    : keyJwk
      ? [verifier(parseEd25519Jwk(keyJwk, "CHECKPOINT_KEY"))]
      : [];
  return [...current, ...parseRetiredKeys(retiredKeys, "CHECKPOINT_KEYS_RETIRED", CHECKPOINT_KEY_USE).map(verifier)];
}

/** The JWK `use` that marks a checkpoint key in a JWK set: not "sig", so no JOSE library takes it for a grant or pack key. */
export const CHECKPOINT_KEY_USE = "checkpoint";

/**
 * The checkpoint keys as /.well-known/jwks.json lists them: each public JWK with its thumbprint as
 * `kid`, `use: "checkpoint"`, and `note_verifier`, the signed-note verifier key (origin, key hash,
 * key) that checkpoint verifiers are configured with.
 */
export async function getCheckpointPublicJwks(): Promise<JWK[]> {
  return Promise.all(
    getCheckpointVerifiers().map(async (verifier) => {
      const jwk = publicPart(verifier.publicKey.export({ format: "jwk" }) as Ed25519Jwk);
      return { ...jwk, kid: await calculateJwkThumbprint(jwk), use: CHECKPOINT_KEY_USE, note_verifier: noteVerifierKey(verifier) };
    }),
  );
}

function publicKeyOf(jwk: Ed25519Jwk): KeyObject {
  return createPublicKey({ key: publicPart(jwk), format: "jwk" });
}
