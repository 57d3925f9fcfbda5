import "server-only";
import { eq } from "drizzle-orm";
import { importJWK, jwtVerify } from "jose";
import type { Database } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { actionRequests, grants } from "@/db/schema";
import { getConfig } from "@/lib/config";
import type { AgentActor } from "@/lib/domain/actor";
import { canTransition } from "@/lib/domain/request-status";
import { ServiceError } from "./errors";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import { GRANT_AUDIENCE, GRANT_TYPE } from "./issue-grant";
import { loadRequestForUpdate } from "./load-request-for-update";
import { maskFreeText } from "./masker";
import { getSigningKey } from "./signing-keys";

export type ExecutionReport = { outcome: "succeeded" | "failed"; detail?: string; grant: string };

/**
 * The agent reports what it ran. Allowed once, only for an approved request, and only with the very
 * grant issued for it: the signature, the request id, the payload digest and the grant id must all match.
 */
export async function reportExecution(db: Database, agent: AgentActor, requestId: string, report: ExecutionReport) {
  const now = new Date();
  const masked = report.detail ? maskFreeText(report.detail) : null;
  const detail = masked?.text ?? null;
  return db.transaction(async (tx) => {
    const { request } = await loadRequestForUpdate(tx, requestId, { ownedBy: agent.id });
    if (request.status === "executed" || request.status === "failed") {
      throw new ServiceError("INVALID_STATE", "An execution was already reported for this request.");
    }
    const status = report.outcome === "succeeded" ? "executed" : "failed";
    if (!canTransition(request.status, status)) {
      throw new ServiceError("INVALID_STATE", `The request is ${request.status}; execution can only be reported after approval.`);
    }
    const [grant] = await tx.select().from(grants).where(eq(grants.requestId, requestId));
    if (!grant) throw new Error("approved request has no grant");
    // Checked as of its issue: the grant's expiry limits when the action may start, not when a long
    // job may report how it ended.
    await verifyGrantFor(report.grant, { requestId, grantId: grant.id, payloadDigest: request.payloadDigest }, grant.issuedAt);

    await tx.update(grants).set({ executionOutcome: report.outcome, executionDetail: detail, executedAt: now }).where(eq(grants.id, grant.id));
    await tx.update(actionRequests).set({ status, updatedAt: now }).where(eq(actionRequests.id, requestId));
    await appendEvents(
      tx,
      [{ type: "execution.reported", streamType: "request", streamId: requestId, actor: toRecordedActor(agent), data: { outcome: report.outcome, detail, grantId: grant.id, ...(masked && { masking: masked.masking }) } }],
      { now },
    );
    return { status };
  });
}

async function verifyGrantFor(jws: string, expected: { requestId: string; grantId: string; payloadDigest: string }, asOf: Date) {
  const { publicJwk } = await getSigningKey();
  const invalid = () => new ServiceError("INVALID_GRANT", "The grant is not the one issued for this request.");
  try {
    const { payload } = await jwtVerify(jws, await importJWK(publicJwk, "EdDSA"), {
      issuer: getConfig().appUrl,
      audience: GRANT_AUDIENCE,
      typ: GRANT_TYPE,
      subject: expected.requestId,
      currentDate: asOf,
      algorithms: ["EdDSA"],
    });
    if (payload.jti !== expected.grantId || payload.payloadDigest !== expected.payloadDigest) throw invalid();
  } catch {
    throw invalid();
  }
}
