import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { payloadDigest, type BoundPayload } from "../src/payload-digest.js";

/**
 * A stand-in for the network in the SDK's unit tests: answers the agent API's routes from a script,
 * signs grants with real Ed25519 keys, and records every call. The integration tests run the SDK
 * against the real route handlers and database instead.
 */
export type Call = { method: string; path: string; headers: Headers; body: unknown };
type SigningKey = { kid: string; privateKey: CryptoKey; jwk: JWK };

export async function newSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "EdDSA", use: "sig" } };
}

export const REQUEST_ID = "0b8f2f4e-52c1-4c4e-9d8e-2d7c8a1e0001";

export async function signGrant(key: SigningKey, payload: BoundPayload, overrides: { sub?: string; expiresIn?: string | number; typ?: string } = {}) {
  return new SignJWT({ payloadDigest: await payloadDigest(payload), approvers: [{ email: "alice@example.com" }], action: payload.action, resource: payload.resource, environment: payload.environment, policy: { id: "p", version: 1 } })
    .setProtectedHeader({ alg: "EdDSA", kid: key.kid, typ: overrides.typ ?? "countersign-grant+jwt" })
    .setIssuer("http://localhost:3000")
    .setSubject(overrides.sub ?? REQUEST_ID)
    .setAudience("countersign:execution")
    .setIssuedAt()
    .setExpirationTime(overrides.expiresIn ?? "1h")
    .sign(key.privateKey);
}

export function view(status: string, extra: Record<string, unknown> = {}) {
  return {
    id: REQUEST_ID,
    status,
    payloadDigest: "sha256:" + "0".repeat(64),
    links: { self: `/api/v1/action-requests/${REQUEST_ID}`, console: `http://localhost:3000/requests/${REQUEST_ID}` },
    decisions: [],
    ...extra,
  };
}

export type Answer = Response | Error | (() => Response | Error);

/** Routes "METHOD /path" (query excluded) to a queue of answers; the last one repeats. */
export function scriptedFetch(script: Record<string, Answer[]>) {
  const calls: Call[] = [];
  const fetch = async (input: URL | RequestInfo, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const method = init.method ?? "GET";
    calls.push({ method, path: url.pathname + url.search, headers: new Headers(init.headers), body: init.body ? JSON.parse(String(init.body)) : undefined });
    init.signal?.throwIfAborted();
    const queue = script[`${method} ${url.pathname}`];
    if (!queue?.length) return Response.json({ type: "about:blank", title: "Not Found", status: 404 }, { status: 404 });
    const next = queue.length > 1 ? queue.shift()! : queue[0]!;
    const answer = typeof next === "function" ? next() : next;
    if (answer instanceof Error) throw answer;
    return answer.clone();
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json", ...headers } });
