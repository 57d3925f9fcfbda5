export const REQUEST_STATUSES = ["pending", "approved", "rejected", "expired", "cancelled", "executed", "failed"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Statuses from which nothing more can happen. */
export const TERMINAL_STATUSES: readonly RequestStatus[] = ["rejected", "expired", "cancelled", "executed", "failed"];

/** The only moves the request lifecycle allows; every verb checks its move against this table. */
const TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  pending: ["approved", "rejected", "expired", "cancelled"],
  approved: ["executed", "failed"],
  rejected: [],
  expired: [],
  cancelled: [],
  executed: [],
  failed: [],
};

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}
