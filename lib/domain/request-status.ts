export const REQUEST_STATUSES = ["pending", "approved", "rejected", "expired", "cancelled", "executed", "failed"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

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

/** A pending request past its expiry has lapsed, even before the sweep records it as expired. */
export function hasLapsed(request: { status: RequestStatus; expiresAt: Date }, now: Date): boolean {
  return request.status === "pending" && now.getTime() >= request.expiresAt.getTime();
}
