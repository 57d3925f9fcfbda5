import Link from "next/link";
import { defaultSort, queueViewParams, type QueueFilter, type QueueView } from "@/lib/domain/queue-search";

/** `short` is what narrow screens show, where the long label would wrap the tab onto three lines. */
const TABS: { filter: QueueFilter; label: string; short?: string }[] = [
  { filter: "waiting", label: "Waiting for me" },
  { filter: "pending", label: "Pending" },
  { filter: "decided", label: "Decided" },
  { filter: "follow-up", label: "Break-glass follow-up", short: "Follow-up" },
  { filter: "approved-by-me", label: "I approved" },
  { filter: "all", label: "All" },
];

/** Tabs that want attention when they hold anything: the counts there are work to do. */
const ATTENTION = new Set<QueueFilter>(["waiting", "pending", "follow-up"]);

/** The address of `view` on the queue page. */
export function queueHref(view: QueueView, home: QueueFilter): string {
  const query = queueViewParams(view, home).toString();
  return query ? `/queue?${query}` : "/queue";
}

/**
 * The queue's tabs, as links so each view has its own URL and the back button works; a tab keeps the
 * search, and each shows how many requests it holds under it.
 */
export function QueueTabs({ view, home, counts }: { view: QueueView; home: QueueFilter; counts: Partial<Record<QueueFilter, number>> | null }) {
  return (
    <nav aria-label="Queue filter" className="border-b border-gray-200">
      <ul className="-mb-px flex gap-1 overflow-x-auto">
        {TABS.map((tab) => {
          const active = tab.filter === view.filter;
          const count = counts?.[tab.filter];
          // A tab opens in its own order: urgency for what waits, newest first for history.
          const target = { ...view, filter: tab.filter, sort: defaultSort(tab.filter) };
          return (
            <li key={tab.filter}>
              <Link
                href={queueHref(target, home)}
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
                  <span
                    className={`rounded-full px-1.5 py-px text-xs font-medium tabular-nums ${count > 0 && ATTENTION.has(tab.filter) ? "bg-amber-100 text-amber-900" : "bg-gray-100 text-gray-600"}`}
                  >
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
