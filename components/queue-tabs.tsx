import Link from "next/link";
import type { QueueFilter } from "@/lib/queries";

/** `short` is what narrow screens show, where the long label would wrap the tab onto three lines. */
const TABS: { filter: QueueFilter; label: string; short?: string }[] = [
  { filter: "pending", label: "Pending" },
  { filter: "decided", label: "Decided" },
  { filter: "follow-up", label: "Break-glass follow-up", short: "Follow-up" },
  { filter: "all", label: "All" },
];

/**
 * Pending / Decided / Break-glass follow-up / All, as links so each view has its own URL and the back
 * button works. The pending and follow-up tabs show how many wait, so neither is forgotten.
 */
export function QueueTabs({ current, counts }: { current: QueueFilter; counts: Partial<Record<QueueFilter, number | null>> }) {
  return (
    <nav aria-label="Queue filter" className="border-b border-gray-200">
      <ul className="-mb-px flex gap-1">
        {TABS.map((tab) => {
          const active = tab.filter === current;
          const count = counts[tab.filter];
          return (
            <li key={tab.filter}>
              <Link
                href={tab.filter === "pending" ? "/queue" : `/queue?filter=${tab.filter}`}
                aria-current={active ? "page" : undefined}
                className={`inline-flex items-center gap-2 border-b-2 whitespace-nowrap px-3 py-2 text-sm ${
                  active ? "border-accent-600 font-semibold text-gray-900" : "border-transparent text-gray-600 hover:border-gray-300 hover:text-gray-900"
                }`}
              >
                {tab.short ? (
                  <>
                    <span className="sm:hidden">{tab.short}</span>
                    <span className="hidden sm:inline">{tab.label}</span>
                  </>
                ) : (
                  tab.label
                )}
                {typeof count === "number" && (
                  <span className={`rounded-full px-1.5 py-px text-xs font-medium tabular-nums ${count > 0 ? "bg-amber-100 text-amber-900" : "bg-gray-100 text-gray-600"}`}>
                    {count}
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
