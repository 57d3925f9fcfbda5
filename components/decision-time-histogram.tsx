import type { AuditOverview } from "@/lib/domain/audit/overview";
import { formatDuration } from "./format";

/** How long people took to decide: the median and 90th percentile, then how many fell in each range. */
export function DecisionTimeHistogram({ decisionTime }: { decisionTime: AuditOverview["decisionTime"] }) {
  if (decisionTime.decided === 0) return <p className="text-gray-500">Nobody decided a request in this period.</p>;
  const max = Math.max(1, ...decisionTime.buckets.map((bucket) => bucket.count));
  return (
    <div className="space-y-3">
      <dl className="flex gap-6 text-[13px]">
        <div>
          <dt className="text-xs text-gray-500">Median</dt>
          <dd className="font-semibold tabular-nums text-gray-900">{formatSeconds(decisionTime.p50Seconds)}</dd>
        </div>
        <div>
          <dt className="text-xs text-gray-500">90th percentile</dt>
          <dd className="font-semibold tabular-nums text-gray-900">{formatSeconds(decisionTime.p90Seconds)}</dd>
        </div>
        <div>
          <dt className="text-xs text-gray-500">Decided by people</dt>
          <dd className="font-semibold tabular-nums text-gray-900">{decisionTime.decided.toLocaleString()}</dd>
        </div>
      </dl>
      <ul className="space-y-1 text-[13px]" aria-label="Decisions by time taken">
        {decisionTime.buckets.map((bucket) => (
          <li key={bucket.label} className="grid grid-cols-[6.5rem_1fr_3rem] items-center gap-2">
            <span className="text-gray-600">{bucket.label}</span>
            <span className="h-2 rounded-full bg-gray-100">
              <span className="block h-2 rounded-full bg-accent-600" style={{ width: `${(100 * bucket.count) / max}%` }} />
            </span>
            <span className="text-right tabular-nums text-gray-900">{bucket.count.toLocaleString()}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const formatSeconds = (seconds: number | null) => (seconds === null ? "–" : seconds < 60 ? `${Math.round(seconds)} s` : formatDuration(seconds * 1000));
