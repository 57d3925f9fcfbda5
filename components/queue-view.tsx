"use client";

import { useQuery } from "@tanstack/react-query";
import { queueQuery, type QueueFilter } from "@/lib/queries";
import { ErrorPanel } from "./error-panel";
import { ListSkeleton } from "./list-skeleton";
import { QueueRow } from "./queue-row";
import { QueueTabs } from "./queue-tabs";
import { useNow } from "./use-now";

const EMPTY: Record<QueueFilter, { title: string; body: string }> = {
  pending: { title: "Nothing waiting for review", body: "New requests from agents appear here as they arrive; this page updates by itself." },
  decided: { title: "No decided requests yet", body: "Approved, rejected, expired and cancelled requests will be listed here." },
  all: { title: "No requests yet", body: "When an agent asks before a privileged action, its request appears here." },
};

/** The reviewer queue: live (polled) list of requests for the chosen tab. */
export function QueueView({ filter }: { filter: QueueFilter }) {
  const query = useQuery(queueQuery(filter));
  const pending = useQuery({ ...queueQuery("pending"), enabled: filter !== "pending" });
  const now = useNow(15_000);
  const pendingCount = filter === "pending" ? (query.data?.length ?? null) : (pending.data?.length ?? null);

  return (
    <div className="space-y-4">
      <QueueTabs current={filter} pendingCount={pendingCount} />
      {query.isPending ? (
        <ListSkeleton label="Loading requests…" />
      ) : query.isError && !query.data ? (
        <ErrorPanel error={query.error} title="The queue could not be loaded" onRetry={() => query.refetch()} />
      ) : query.data.length === 0 ? (
        <div className="rounded-lg border border-dashed border-gray-300 bg-white px-6 py-12 text-center">
          <p className="font-semibold text-gray-900">{EMPTY[filter].title}</p>
          <p className="mt-1 text-gray-600">{EMPTY[filter].body}</p>
        </div>
      ) : (
        <>
          {query.isError && <ErrorPanel compact error={query.error} title="Showing the last list we could load" />}
          <ul aria-label={`${filter[0].toUpperCase()}${filter.slice(1)} requests`} className="divide-y divide-gray-200 overflow-hidden rounded-lg border border-gray-200 bg-white shadow-xs">
            {query.data.map((item) => (
              <QueueRow key={item.id} item={item} now={now} />
            ))}
          </ul>
          <p className="text-xs text-gray-500">
            {query.data.length === 200 ? "Showing the first 200 requests. " : ""}Updates automatically every few seconds.
          </p>
        </>
      )}
    </div>
  );
}
