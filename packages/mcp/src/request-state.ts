import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

/** What a state token binds: whose request, for which tool, for which exact arguments (their payload digest). */
export type RequestBinding = { principal: string; tool: string; digest: string };

type Claims = RequestBinding & { requestId: string; exp: number; nonce: string };

/** Why a state token was refused; the message is safe to show (it never holds the token or the key). */
export class StateRefusedError extends Error {
  override name = "StateRefusedError";
}

const encode = (text: string) => Buffer.from(text).toString("base64url");

/**
 * The gateway's request state: a call held while a person decides comes back pending with a token
 * that lets the retried call resume the same request instead of asking again. The token is
 * `base64url(claims).base64url(HMAC-SHA256(claims))`, its claims binding the request id to the
 * principal (the API key's fingerprint), the tool and the digest of the exact arguments, with an
 * expiry; it is single-use (a redeemed nonce is kept until the token would have expired), so a token
 * that leaks cannot be replayed, and a retry with other arguments, by another principal or for
 * another tool is refused before anything is asked or run.
 */
export class RequestStateSigner {
  readonly #key: Buffer;
  readonly #now: () => number;
  /** Redeemed nonces and when their tokens expire: after that the signature check refuses them anyway. */
  readonly #used = new Map<string, number>();

  /** `key`: at least 32 bytes (COUNTERSIGN_GATEWAY_STATE_KEY), or a random one for this process's life. */
  constructor(key: Buffer = randomBytes(32), now: () => number = Date.now) {
    if (key.length < 32) throw new TypeError("the request state key must be at least 32 bytes");
    this.#key = key;
    this.#now = now;
  }

  #sign(encoded: string): string {
    return createHmac("sha256", this.#key).update(encoded).digest("base64url");
  }

  issue(requestId: string, binding: RequestBinding, expiresAt: Date): string {
    const claims: Claims = { requestId, ...binding, exp: expiresAt.getTime(), nonce: randomUUID() };
    const encoded = encode(JSON.stringify(claims));
    return `${encoded}.${this.#sign(encoded)}`;
  }

  /** The request id a token resumes, once; throws StateRefusedError for a forged, expired, used or mismatched token. */
  redeem(token: string, binding: RequestBinding): string {
    const [encoded, signature, ...rest] = token.split(".");
    if (!encoded || !signature || rest.length) throw new StateRefusedError("the request state is malformed");
    const expected = Buffer.from(this.#sign(encoded));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new StateRefusedError("the request state was not issued by this gateway");
    const claims = JSON.parse(Buffer.from(encoded, "base64url").toString()) as Claims;
    const now = this.#now();
    for (const [nonce, exp] of this.#used) if (exp <= now) this.#used.delete(nonce);
    if (claims.exp <= now) throw new StateRefusedError("the request state has expired");
    if (this.#used.has(claims.nonce)) throw new StateRefusedError("the request state was already used");
    if (claims.principal !== binding.principal) throw new StateRefusedError("the request state belongs to another principal");
    if (claims.tool !== binding.tool) throw new StateRefusedError(`the request state is for another tool (${claims.tool})`);
    if (claims.digest !== binding.digest) throw new StateRefusedError("the arguments differ from the ones the request was made for: call without the state to ask for these");
    this.#used.set(claims.nonce, claims.exp);
    return claims.requestId;
  }
}
