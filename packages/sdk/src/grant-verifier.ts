import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { ExpiredError, VerificationError } from "./errors.js";
import { payloadDigest, type BoundPayload } from "./payload-digest.js";
import type { CheckpointKey } from "./receipt.js";

/** The server's grant: its type and audience say what the token is for, so no other JWT passes as one. */
const GRANT_TYPE = "countersign-grant+jwt";
const GRANT_AUDIENCE = "countersign:execution";

export type GrantClaims = JWTPayload & {
  sub: string;
  exp: number;
  payloadDigest: string;
  approvers: unknown[];
  action: string;
  resource: string;
  environment: string;
  policy: { id: string; version: number };
  breakGlass?: boolean;
};

/**
 * The server's public keys, fetched once and kept; a grant signed by a key not in the cached set
 * refetches the set once (the server rotated its key), so rotation needs no restart and a forged kid
 * costs one request, not a loop.
 */
export class KeyCache {
  #jwks: Promise<JSONWebKeySet> | undefined;
  #keys: Promise<JWTVerifyGetKey> | undefined;
  constructor(private readonly fetchJwks: () => Promise<JSONWebKeySet>) {}

  #load(): Promise<JWTVerifyGetKey> {
    const jwks = this.fetchJwks();
    const keys = jwks.then((set) => createLocalJWKSet(set));
    // A failed fetch is not kept: the next verification tries again.
    keys.catch(() => {
      if (this.#keys === keys) {
        this.#keys = undefined;
        this.#jwks = undefined;
      }
    });
    this.#jwks = jwks;
    this.#keys = keys;
    return keys;
  }

  /** jose's key resolver over the cached set, refreshing it once when no key matches. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const cached = this.#keys ?? this.#load();
    try {
      return await (await cached)(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      // Concurrent misses share one refetch: only the first replaces the set it failed against.
      const fresh = this.#keys === cached ? this.#load() : (this.#keys ?? this.#load());
      return (await fresh)(header, token);
    }
  };

  /**
   * The transparency log's checkpoint keys the server publishes beside its signing keys (`use:
   * "checkpoint"`, named by their signed-note verifier key `origin+hash+key`); `refresh` refetches
   * the set first, for a checkpoint signed by a key newer than the cached set.
   */
  async checkpointKeys(refresh = false): Promise<CheckpointKey[]> {
    if (refresh || !this.#jwks) void this.#load().catch(() => undefined);
    const { keys } = await this.#jwks!;
    return keys.flatMap((jwk) => {
      const verifier = (jwk as { note_verifier?: unknown }).note_verifier;
      if (jwk.use !== "checkpoint" || typeof verifier !== "string" || !verifier.includes("+")) return [];
      return [{ origin: verifier.slice(0, verifier.indexOf("+")), jwk }];
    });
  }
}

/**
 * Everything an agent must check before running an approved action, done locally: the EdDSA
 * signature against the server's JWKS, the token type and audience, that it was issued for this
 * request (`sub`), that it has not expired, and that its `payloadDigest` is the digest of the exact
 * payload about to run, recomputed here. Given a digest instead of a payload (a request resumed by id,
 * whose parameters the API answers masked), the grant's digest must equal it: that proves the grant
 * is the request's, not that a payload at hand is the approved one.
 */
export async function verifyGrant(keys: KeyCache, token: string, requestId: string, payload: BoundPayload | string): Promise<GrantClaims> {
  let claims: GrantClaims;
  try {
    ({ payload: claims } = (await jwtVerify(token, keys.getKey, {
      algorithms: ["EdDSA"],
      typ: GRANT_TYPE,
      audience: GRANT_AUDIENCE,
      subject: requestId,
      requiredClaims: ["exp", "sub"],
    })) as { payload: GrantClaims });
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new ExpiredError(requestId, `the grant for request ${requestId} has expired`);
    throw new VerificationError(`the grant for request ${requestId} does not verify: ${(error as Error).message}`, { cause: error });
  }
  const expected = typeof payload === "string" ? payload : await payloadDigest(payload);
  if (claims.payloadDigest !== expected) {
    throw new VerificationError(`the grant for request ${requestId} approves another payload (${String(claims.payloadDigest)}), not ${expected}`);
  }
  return claims;
}
