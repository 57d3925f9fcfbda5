import "server-only";
import type { NewEvent } from "@/db/event-store";
import type { EventActor } from "@/db/schema";
import type { MaskingRecord } from "./masker";

/**
 * The events of one decision, whoever made it (a person, or a policy that decides at once), so the
 * log has one shape per event type: `decision.approved|rejected`, then `request.approved|rejected`
 * when the decision settles the request.
 */
export function decisionEvents(decision: {
  requestId: string;
  actor: EventActor;
  outcome: "approve" | "reject";
  reason: string | null;
  masking?: MaskingRecord;
  approvers: string[];
  requiredApprovals: number;
  settles: "approved" | "rejected" | null;
}): NewEvent[] {
  const { requestId, actor, outcome, reason, masking, approvers, requiredApprovals, settles } = decision;
  return [
    {
      type: outcome === "approve" ? "decision.approved" : "decision.rejected",
      streamType: "request",
      streamId: requestId,
      actor,
      data: { reason, approvals: approvers.length, requiredApprovals, ...(masking && { masking }) },
    },
    ...(settles ? [{ type: `request.${settles}`, streamType: "request", streamId: requestId, actor, data: { approvers } } satisfies NewEvent] : []),
  ];
}
