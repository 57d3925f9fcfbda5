import "server-only";
import { SignJWT } from "jose";
import { getConfig } from "@/lib/config";
import type { RequestState } from "@/lib/domain/request/request-decider";
import { findSigningKey } from "./signing-keys";

export const GRANT_TYPE = "countersign-grant+jwt";
export const GRANT_AUDIENCE = "countersign:execution";

/**
 * The grant's compact JWS: what lets the agent run exactly the approved payload. Every claim comes from
 * the request's events (its `grant.issued` and what precedes it), and Ed25519 signatures are
 * deterministic, so signing again from the log gives the same token; the token itself, a bearer
 * credential, is kept out of the log. A grant is signed with the key its event names: the current
 * key when it is issued, and on a replay after a rotation the retired key, whose private half must
 * then still be configured in SIGNING_KEYS_RETIRED.
 */
export async function signGrant(request: RequestState): Promise<string> {
  const { grant, policy } = request;
  if (!grant || !policy) throw new Error(`request ${request.id} has no grant to sign`);
  const key = await findSigningKey(grant.kid);
  if (!key?.privateKey) throw new Error(`grant ${grant.id} was signed with key ${grant.kid}, whose private half is neither SIGNING_KEY nor in SIGNING_KEYS_RETIRED`);
  const { kid, privateKey } = key;
  return new SignJWT({
    payloadDigest: request.payloadDigest,
    approvers: grant.approvers,
    action: request.action,
    resource: request.resource,
    environment: request.environment,
    policy: { id: policy.id, version: policy.version },
    // An emergency approval by one person is flagged on the credential itself, for whoever checks it.
    ...(request.breakGlass && { breakGlass: true }),
  })
    .setProtectedHeader({ alg: "EdDSA", kid, typ: GRANT_TYPE })
    .setIssuer(getConfig().appUrl)
    .setSubject(request.id)
    .setAudience(GRANT_AUDIENCE)
    .setJti(grant.id)
    .setIssuedAt(Math.floor(grant.issuedAt.getTime() / 1000))
    .setExpirationTime(grant.expiresAt)
    .sign(privateKey);
}
