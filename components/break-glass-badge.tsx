import type { FollowUpStatus } from "@/lib/domain/request/break-glass";

/**
 * The flag an emergency approval carries wherever the request is listed or shown: one person approved
 * alone, and whether its follow-up review still waits for confirmations.
 */
export function BreakGlassBadge({ followUp, size = "sm" }: { followUp: FollowUpStatus; size?: "sm" | "lg" }) {
  const open = followUp === "open";
  return (
    <span
      className={`inline-flex shrink-0 items-center gap-1.5 rounded-full border font-medium ${
        open ? "border-orange-300 bg-orange-50 text-orange-900" : "border-gray-300 bg-gray-100 text-gray-700"
      } ${size === "lg" ? "px-3 py-1 text-sm" : "px-2 py-px text-xs"}`}
    >
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3" fill="currentColor">
        <path d="M8.9 1.5a1 1 0 0 0-1.8 0L.6 13.5A1 1 0 0 0 1.5 15h13a1 1 0 0 0 .9-1.5L8.9 1.5ZM8 5a.75.75 0 0 1 .75.75v3.5a.75.75 0 0 1-1.5 0v-3.5A.75.75 0 0 1 8 5Zm0 6a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z" />
      </svg>
      Break-glass · {open ? "follow-up open" : "confirmed"}
    </span>
  );
}
