import "server-only";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { getConfig } from "@/lib/config";
import type { AgentActor } from "@/lib/domain/actor";
import type { RequestState } from "@/lib/domain/request/request-decider";
import { executeRequestCommand } from "./execute-request-command";
import { loadRequestForUpdate } from "./load-request-for-update";
import { maskFreeText } from "./masker";
import { refuseUnstorable } from "./refuse-unstorable";
import type { ServiceContext } from "./service-context";
import { GRANT_AUDIENCE, GRANT_TYPE } from "./sign-grant";
import { findSigningKey } from "./signing-keys";

export type ExecutionReport = { outcome: "succeeded" | "failed"; detail?: string; grant: string };

/**
 * The agent reports what it ran. Allowed once, only for an approved request, and only with the very
 * grant issued for it: the signature is checked here, and the decider matches its request id, grant id
 * and payload digest against the request's own.
 */
export async function reportExecution(ctx: ServiceContext<AgentActor>, actionRequestId: string, report: ExecutionReport) {
  refuseUnstorable({ detail: report.detail ?? "" });
  const masked = report.detail ? maskFreeText(report.detail) : null;
  return ctx.db.transaction(async (tx) => {
    const loaded = await loadRequestForUpdate(tx, actionRequestId, { ownedBy: ctx.actor.id });
    const state = await executeRequestCommand(tx, ctx, loaded, {
      type: "ReportExecution",
      actor: ctx.actor,
      data: { outcome: report.outcome, detail: masked?.text ?? null, masking: masked?.masking, presentedGrant: await verifiedGrantClaims(report.grant, loaded.state) },
    });
    return { status: state.status as "executed" | "failed" };
  });
}

/**
 * The presented grant's claims when it is a grant this service signed for this request, or null.
 * Checked as of the request's grant's issue: its expiry limits when the action may start, not when a
 * long job may report how it ended. Checked with the key that signed it, by its `kid`, current or
 * retired: a grant issued before a key rotation is still reported with.
 */
async function verifiedGrantClaims(jws: string, request: RequestState): Promise<{ grantId: unknown; payloadDigest: unknown } | null> {
  if (!request.grant) return null;
  try {
    const { kid } = decodeProtectedHeader(jws);
    const key = kid ? await findSigningKey(kid) : null;
    if (!key) return null;
    const { payload } = await jwtVerify(jws, key.publicKey, {
      issuer: getConfig().appUrl,
      audience: GRANT_AUDIENCE,
      typ: GRANT_TYPE,
      subject: request.id,
      currentDate: request.grant.issuedAt,
      algorithms: ["EdDSA"],
    });
    return { grantId: payload.jti, payloadDigest: payload.payloadDigest };
  } catch {
    return null;
  }
}
