import type { RequestStatus } from "@/lib/domain/request-status";

const STYLES: Record<RequestStatus, { label: string; className: string; dot: string }> = {
  pending: { label: "Pending", className: "border-amber-300 bg-amber-50 text-amber-900", dot: "bg-amber-500" },
  approved: { label: "Approved", className: "border-green-300 bg-green-50 text-green-800", dot: "bg-green-600" },
  rejected: { label: "Rejected", className: "border-red-300 bg-red-50 text-red-800", dot: "bg-red-600" },
  expired: { label: "Expired", className: "border-gray-300 bg-gray-100 text-gray-700", dot: "bg-gray-400" },
  cancelled: { label: "Cancelled", className: "border-gray-300 bg-gray-100 text-gray-700", dot: "bg-gray-400" },
  executed: { label: "Executed", className: "border-accent-200 bg-accent-50 text-accent-800", dot: "bg-accent-600" },
  failed: { label: "Failed", className: "border-red-300 bg-red-50 text-red-800", dot: "bg-red-600" },
};

/** A request's lifecycle status as a pill; `size="lg"` for page headers. */
export function StatusBadge({ status, size = "sm" }: { status: RequestStatus; size?: "sm" | "lg" }) {
  const style = STYLES[status] ?? STYLES.pending;
  return (
    <span
      className={`inline-flex shrink-0 items-center gap-1.5 rounded-full border font-medium ${style.className} ${
        size === "lg" ? "px-3 py-1 text-sm" : "px-2 py-px text-xs"
      }`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${style.dot}`} />
      {style.label}
    </span>
  );
}
