import "server-only";
import type { UserActor } from "@/lib/domain/actor";
import { can, type Capability } from "@/lib/domain/permissions";
import { ServiceError } from "./errors";

const REFUSALS: Record<Capability, string> = {
  readRequests: "Your groups do not give you access to action requests.",
  comment: "Your role is read-only; it cannot comment.",
  readAuditLog: "Only auditors and administrators can read the audit log.",
  exportEvidence: "Only auditors and administrators can export evidence.",
  freezeApprovals: "Only administrators can freeze or thaw approvals.",
  confirmBreakGlass: "Only reviewers and administrators may confirm a break-glass approval.",
  administer: "Only administrators can manage policies, agents and roles.",
};

/** Authorisation inside the verb: the page or handler checks too, but this is the check that holds. */
export function requireCapability(actor: UserActor, capability: Capability): void {
  if (!can(actor, capability)) throw new ServiceError("FORBIDDEN", REFUSALS[capability]);
}
