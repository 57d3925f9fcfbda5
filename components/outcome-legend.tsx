import { OUTCOME_GROUPS } from "./outcome-groups";

/** What each colour of the outcome charts means; the charts also say it in words for screen readers. */
export function OutcomeLegend() {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-gray-600">
      {OUTCOME_GROUPS.map((group) => (
        <li key={group.key} className="flex items-center gap-1.5">
          <span aria-hidden="true" className={`size-2.5 rounded-sm ${group.swatch}`} />
          {group.label}
        </li>
      ))}
    </ul>
  );
}
