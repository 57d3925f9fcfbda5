import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { SignJWT } from "jose";
import type { Transaction } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { agents, grants } from "@/db/schema";
import { getConfig } from "@/lib/config";
import { ServiceError } from "./errors";
import { getSigningKey } from "./signing-keys";
import { toRecordedActor } from "@/lib/domain/recorded-actor";

export const GRANT_TYPE = "countersign-grant+jwt";
export const GRANT_AUDIENCE = "countersign:execution";
const GRANT_TTL_SECONDS = 3600;

export type GrantSubject = {
  id: string;
  agentId: string;
  payloadDigest: string;
  action: string;
  resource: string;
  environment: string;
  policyId: string;
  policyVersion: number;
};

/**
 * Signs the grant that lets the agent run exactly the approved payload, inside the approving
 * transaction: if the grant or its event cannot be written, the approval rolls back with it. Every
 * path to a grant passes here, so here is where a revoked agent is refused one, whatever the caller
 * checked before (the caller holds the request's row lock, which a revocation waits for).
 */
export async function issueGrant(tx: Transaction, request: GrantSubject, approvers: string[], at: { now: Date; correlationId: string }): Promise<void> {
  const { now } = at;
  const [agent] = await tx.select({ revokedAt: agents.revokedAt }).from(agents).where(eq(agents.id, request.agentId));
  if (!agent || agent.revokedAt) throw new ServiceError("AGENT_REVOKED", "The agent that made this request has been revoked; no grant can be issued to it.");
  const { kid, privateKey } = await getSigningKey();
  const grantId = randomUUID();
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((issuedAt + GRANT_TTL_SECONDS) * 1000);
  const jws = await new SignJWT({
    payloadDigest: request.payloadDigest,
    approvers,
    action: request.action,
    resource: request.resource,
    environment: request.environment,
    policy: { id: request.policyId, version: request.policyVersion },
  })
    .setProtectedHeader({ alg: "EdDSA", kid, typ: GRANT_TYPE })
    .setIssuer(getConfig().appUrl)
    .setSubject(request.id)
    .setAudience(GRANT_AUDIENCE)
    .setJti(grantId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(privateKey);
  await tx.insert(grants).values({ id: grantId, requestId: request.id, jws, issuedAt: now, expiresAt });
  await appendEvents(
    tx,
    [
      {
        type: "grant.issued",
        streamType: "request",
        streamId: request.id,
        actor: toRecordedActor({ kind: "system", id: "countersign" }),
        data: { grantId, kid, payloadDigest: request.payloadDigest, approvers, expiresAt: expiresAt.toISOString() },
      },
    ],
    at,
  );
}
