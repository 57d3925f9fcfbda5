import type { AuditOverview } from "@/lib/domain/audit/overview";
import { describeCounts, groupCount, OUTCOME_GROUPS } from "./outcome-groups";

/**
 * Outcomes split by a dimension (the policy rule that matched, the environment): one row each, with
 * the count, a bar of the outcomes' shares and the shares in words.
 */
export function OutcomeBreakdown({ caption, rows, keyLabel }: { caption: string; rows: AuditOverview["byRule"]; keyLabel: string }) {
  if (rows.length === 0) return <p className="text-gray-500">No requests in this period.</p>;
  return (
    <table className="w-full table-fixed text-left text-[13px]">
      <caption className="sr-only">{caption}</caption>
      <thead className="text-xs text-gray-500">
        <tr>
          <th scope="col" className="w-2/5 pb-1.5 font-medium">
            {keyLabel}
          </th>
          <th scope="col" className="w-14 pb-1.5 text-right font-medium">
            Requests
          </th>
          <th scope="col" className="pb-1.5 pl-3 font-medium">
            Outcomes
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-gray-100">
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row" className="truncate py-1.5 pr-2 font-normal text-gray-900" title={row.key}>
              {row.key}
            </th>
            <td className="py-1.5 text-right tabular-nums text-gray-900">{row.total.toLocaleString()}</td>
            <td className="py-1.5 pl-3">
              <div className="flex h-2 overflow-hidden rounded-full bg-gray-100" title={describeCounts(row.counts)}>
                {OUTCOME_GROUPS.map((group) => {
                  const n = groupCount(row.counts, group);
                  return n > 0 ? <span key={group.key} className={group.swatch} style={{ width: `${(100 * n) / row.total}%` }} /> : null;
                })}
              </div>
              <span className="sr-only">{describeCounts(row.counts)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
