import type { Role } from "./roles";

/** What each console capability needs; decisions have their own, richer rule in separation-of-duties. */
const CAPABILITIES = {
  readRequests: ["reviewer", "auditor", "admin"],
  comment: ["reviewer", "admin"],
  readAuditLog: ["auditor", "admin"],
  exportEvidence: ["auditor", "admin"],
  freezeApprovals: ["admin"],
  confirmBreakGlass: ["reviewer", "admin"],
  administer: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITIES;

export function can(actor: { roles: readonly Role[] }, capability: Capability): boolean {
  return actor.roles.some((role) => (CAPABILITIES[capability] as readonly Role[]).includes(role));
}
