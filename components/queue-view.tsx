"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { queueQuery, type QueueFilter } from "@/lib/queries";
import { ErrorPanel } from "./error-panel";
import { ListSkeleton } from "./list-skeleton";
import { QueueRow } from "./queue-row";
import { QueueTabs } from "./queue-tabs";
import { ShowMoreButton } from "./show-more-button";
import { useNow } from "./use-now";

const EMPTY: Record<QueueFilter, { title: string; body: string }> = {
  pending: { title: "Nothing waiting for review", body: "New requests from agents appear here as they arrive; this page updates by itself." },
  decided: { title: "No decided requests yet", body: "Approved, rejected, expired and cancelled requests will be listed here." },
  "follow-up": { title: "No break-glass approval waits for review", body: "When someone approves alone under break-glass, the request stays here until two other people confirm it." },
  all: { title: "No requests yet", body: "When an agent asks before a privileged action, its request appears here." },
};

const LIST_LABELS: Record<QueueFilter, string> = {
  pending: "Pending requests",
  decided: "Decided requests",
  "follow-up": "Requests awaiting break-glass follow-up",
  all: "All requests",
};

/** The reviewer queue: live (polled) list of requests for the chosen tab, a page at a time. */
export function QueueView({ filter }: { filter: QueueFilter }) {
  const query = useInfiniteQuery(queueQuery(filter));
  // The counts on the Pending and follow-up tabs, from their own first pages when another tab is shown.
  const pending = useInfiniteQuery({ ...queueQuery("pending"), enabled: filter !== "pending" });
  const followUp = useInfiniteQuery({ ...queueQuery("follow-up"), enabled: filter !== "follow-up" });
  const now = useNow(15_000);
  const items = query.data?.pages.flatMap((page) => page.items);
  const total = query.data?.pages[0]?.total ?? 0;
  const counts = {
    pending: (filter === "pending" ? query.data : pending.data)?.pages[0]?.total ?? null,
    "follow-up": (filter === "follow-up" ? query.data : followUp.data)?.pages[0]?.total ?? null,
  };

  return (
    <div className="space-y-4">
      <QueueTabs current={filter} counts={counts} />
      {!items ? (
        query.isError ? (
          <ErrorPanel error={query.error} title="The queue could not be loaded" onRetry={() => query.refetch()} />
        ) : (
          <ListSkeleton label="Loading requests…" />
        )
      ) : items.length === 0 ? (
        <div className="rounded-lg border border-dashed border-gray-300 bg-white px-6 py-12 text-center">
          <p className="font-semibold text-gray-900">{EMPTY[filter].title}</p>
          <p className="mt-1 text-gray-600">{EMPTY[filter].body}</p>
        </div>
      ) : (
        <>
          {query.isRefetchError && <ErrorPanel compact error={query.error} title="Showing the last list we could load" />}
          <ul aria-label={LIST_LABELS[filter]} className="divide-y divide-gray-200 overflow-hidden rounded-lg border border-gray-200 bg-white shadow-xs">
            {items.map((item) => (
              <QueueRow key={item.id} item={item} now={now} />
            ))}
          </ul>
          <ShowMoreButton query={query} label="Show more requests" />
          <p className="text-xs text-gray-500">
            {items.length < total ? `Showing ${items.length} of ${total}. ` : ""}Updates automatically every few seconds.
          </p>
        </>
      )}
    </div>
  );
}
