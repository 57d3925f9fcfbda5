import type { AuditOverview } from "@/lib/domain/audit/overview";

type StatusCounts = AuditOverview["totals"];

/**
 * The five outcomes an auditor reads a period by. A request that ran (executed or failed) was
 * approved first, so it counts as approved here; the log keeps the difference.
 */
export const OUTCOME_GROUPS = [
  { key: "approved", label: "Approved", statuses: ["approved", "executed", "failed"], fill: "fill-green-600", swatch: "bg-green-600" },
  { key: "rejected", label: "Rejected", statuses: ["rejected"], fill: "fill-red-600", swatch: "bg-red-600" },
  { key: "expired", label: "Expired", statuses: ["expired"], fill: "fill-gray-400", swatch: "bg-gray-400" },
  { key: "cancelled", label: "Cancelled", statuses: ["cancelled"], fill: "fill-gray-300", swatch: "bg-gray-300" },
  { key: "pending", label: "Pending", statuses: ["pending"], fill: "fill-amber-400", swatch: "bg-amber-400" },
] as const satisfies readonly { key: string; label: string; statuses: readonly (keyof StatusCounts)[]; fill: string; swatch: string }[];

export type OutcomeGroup = (typeof OUTCOME_GROUPS)[number];

export const groupCount = (counts: StatusCounts, group: OutcomeGroup) => group.statuses.reduce((sum, status) => sum + counts[status], 0);

/** "3 approved, 1 rejected": the groups that occur, for labels read aloud and tooltips. */
export const describeCounts = (counts: StatusCounts) =>
  OUTCOME_GROUPS.map((group) => [group, groupCount(counts, group)] as const)
    .filter(([, n]) => n > 0)
    .map(([group, n]) => `${n} ${group.label.toLowerCase()}`)
    .join(", ") || "none";
