import type { AuditOverview } from "@/lib/domain/audit/overview";
import { describeCounts, groupCount, OUTCOME_GROUPS } from "./outcome-groups";

const HEIGHT = 140;
const DAY_MS = 86_400_000;

/**
 * Requests per day over the period, each bar stacked by outcome. Every day of the period has a slot,
 * so quiet days read as gaps rather than vanishing. Drawn as SVG that scales with its box; each bar
 * has a title (hover) and the whole chart a summary for screen readers.
 */
export function RequestsPerDayChart({ overview }: { overview: AuditOverview }) {
  const byDay = new Map(overview.days.map((day) => [day.key, day]));
  const slots: string[] = [];
  for (let t = Date.parse(overview.period.from.slice(0, 10)); t < Date.parse(overview.period.to); t += DAY_MS) slots.push(new Date(t).toISOString().slice(0, 10));
  const max = Math.max(1, ...overview.days.map((day) => day.total));
  const width = slots.length * 10;
  const busiest = overview.days.reduce<AuditOverview["days"][number] | null>((top, day) => (!top || day.total > top.total ? day : top), null);
  const summary = busiest
    ? `Requests per day from ${slots[0]} to ${slots.at(-1)}: ${overview.days.length} days with requests, the busiest ${busiest.key} with ${busiest.total} (${describeCounts(busiest.counts)}).`
    : "No requests in this period.";

  return (
    <figure className="space-y-2">
      <svg role="img" aria-label={summary} viewBox={`0 0 ${width} ${HEIGHT}`} preserveAspectRatio="none" className="h-36 w-full">
        <line x1="0" x2={width} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="stroke-gray-300" strokeWidth="1" vectorEffect="non-scaling-stroke" />
        {slots.map((key, i) => {
          const day = byDay.get(key);
          if (!day) return null;
          let top = HEIGHT;
          return (
            <g key={key}>
              <title>{`${key}: ${day.total} (${describeCounts(day.counts)})`}</title>
              {OUTCOME_GROUPS.map((group) => {
                const h = (groupCount(day.counts, group) / max) * (HEIGHT - 4);
                if (h === 0) return null;
                top -= h;
                return <rect key={group.key} x={i * 10 + 1.5} width="7" y={top} height={h} className={group.fill} />;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="flex justify-between text-xs text-gray-500 tabular-nums">
        <span>{slots[0]}</span>
        <span>peak {max} a day</span>
        <span>{slots.at(-1)}</span>
      </figcaption>
    </figure>
  );
}
