"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { queueViewFromParams, type QueueFilter, type QueueView as TQueueView } from "@/lib/domain/queue-search";
import { queueCountsQuery, queueQuery } from "@/lib/queries";
import { BulkRejectBar } from "./bulk-reject-bar";
import { ErrorPanel } from "./error-panel";
import { KeyboardHelp } from "./keyboard-help";
import { ListSkeleton } from "./list-skeleton";
import { QueueFilters } from "./queue-filters";
import { QueueRow } from "./queue-row";
import { queueHref, QueueTabs } from "./queue-tabs";
import { ShowMoreButton } from "./show-more-button";
import { useNow } from "./use-now";
import { useQueueKeyboard } from "./use-queue-keyboard";

const EMPTY: Record<QueueFilter, { title: string; body: string }> = {
  waiting: { title: "Nothing waits for you", body: "Requests you may decide now appear here as they arrive; the Pending tab lists every open request." },
  pending: { title: "Nothing waiting for review", body: "New requests from agents appear here as they arrive; this page updates by itself." },
  decided: { title: "No decided requests yet", body: "Approved, rejected, expired and cancelled requests will be listed here." },
  "follow-up": { title: "No break-glass approval waits for review", body: "When someone approves alone under break-glass, the request stays here until two other people confirm it." },
  "approved-by-me": { title: "You have not approved anything yet", body: "Requests you approve are listed here." },
  all: { title: "No requests yet", body: "When an agent asks before a privileged action, its request appears here." },
};

const LIST_LABELS: Record<QueueFilter, string> = {
  waiting: "Requests waiting for me",
  pending: "Pending requests",
  decided: "Decided requests",
  "follow-up": "Requests awaiting break-glass follow-up",
  "approved-by-me": "Requests I approved",
  all: "All requests",
};

const SHORTCUTS = [
  { keys: "j", does: "Next request" },
  { keys: "k", does: "Previous request" },
  { keys: "o", does: "Open the current request" },
  { keys: "/", does: "Search requests" },
  { keys: "?", does: "Show these shortcuts" },
];

/**
 * The reviewer queue: live (polled) list of requests for the chosen tab, search and order, a page at a
 * time. The view lives in the page's address, so it can be shared, bookmarked and reloaded.
 */
export function QueueView({ home, canReject }: { home: QueueFilter; canReject: boolean }) {
  const params = useSearchParams();
  // The address is the view's one home: read on every render, written by replaceState (which Next keeps in step).
  const view = useMemo(() => queueViewFromParams(Object.fromEntries(params), home), [params, home]);
  const setView = (next: TQueueView) => window.history.replaceState(null, "", queueHref(next, home));
  const query = useInfiniteQuery(queueQuery(view));
  const counts = useQuery(queueCountsQuery(view)).data ?? null;
  const now = useNow(15_000);
  const items = query.data?.pages.flatMap((page) => page.items);
  const total = query.data?.pages[0]?.total ?? 0;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const ids = useMemo(() => items?.map((item) => item.id) ?? [], [items]);
  const keyboard = useQueueKeyboard(ids);
  const selectable = canReject && (view.filter === "waiting" || view.filter === "pending");
  const selectedItems = items?.filter((item) => selected.has(item.id) && item.status === "pending") ?? [];
  const toggle = (id: string, on: boolean) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <div className="space-y-4">
      <QueueFilters view={view} counts={counts?.risk ?? null} onChange={setView} />
      <QueueTabs view={view} home={home} counts={counts?.filters ?? null} />
      {selectable && <BulkRejectBar selected={selectedItems} onDone={(rejected) => setSelected((s) => new Set([...s].filter((id) => !rejected.includes(id))))} />}
      {!items ? (
        query.isError ? (
          <ErrorPanel error={query.error} title="The queue could not be loaded" onRetry={() => query.refetch()} />
        ) : (
          <ListSkeleton label="Loading requests…" />
        )
      ) : items.length === 0 ? (
        <div className="rounded-lg border border-dashed border-gray-300 bg-white px-6 py-12 text-center">
          <p className="font-semibold text-gray-900">{Object.keys(view.search).length ? "No request matches this search" : EMPTY[view.filter].title}</p>
          <p className="mt-1 text-gray-600">{Object.keys(view.search).length ? "Try fewer words or clear the filters." : EMPTY[view.filter].body}</p>
        </div>
      ) : (
        <>
          {query.isRefetchError && <ErrorPanel compact error={query.error} title="Showing the last list we could load" />}
          {selectable && (
            <label className="flex items-center gap-2 px-1 text-[13px] text-gray-700">
              <input
                type="checkbox"
                checked={items.every((item) => selected.has(item.id))}
                onChange={(e) => setSelected(e.target.checked ? new Set(ids) : new Set())}
                className="size-4 accent-accent-600"
              />
              Select all shown
            </label>
          )}
          <ul aria-label={LIST_LABELS[view.filter]} className="divide-y divide-gray-200 overflow-hidden rounded-lg border border-gray-200 bg-white shadow-xs">
            {items.map((item) => (
              <QueueRow
                key={item.id}
                item={item}
                now={now}
                current={keyboard.current === item.id}
                selection={selectable && item.status === "pending" ? { selected: selected.has(item.id), onToggle: (on) => toggle(item.id, on) } : undefined}
              />
            ))}
          </ul>
          <ShowMoreButton query={query} label="Show more requests" />
          <p className="text-xs text-gray-500">
            {items.length < total ? `Showing ${items.length} of ${total}. ` : ""}Updates automatically every few seconds.
          </p>
        </>
      )}
      <KeyboardHelp open={keyboard.help} onClose={keyboard.closeHelp} shortcuts={SHORTCUTS} />
    </div>
  );
}
