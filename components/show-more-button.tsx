"use client";

import type { UseInfiniteQueryResult } from "@tanstack/react-query";
import { ErrorPanel } from "./error-panel";

/** The foot of a paged list: fetches the next page, or shows why it could not. Nothing when there is none. */
export function ShowMoreButton({ query, label }: { query: UseInfiniteQueryResult; label: string }) {
  if (query.isFetchNextPageError) {
    return <ErrorPanel compact error={query.error} title="The next page could not be loaded" onRetry={() => query.fetchNextPage()} />;
  }
  if (!query.hasNextPage) return null;
  return (
    <div className="flex justify-center">
      <button
        type="button"
        onClick={() => query.fetchNextPage()}
        disabled={query.isFetchingNextPage}
        className="rounded-md border border-gray-300 bg-white px-3 py-1.5 text-[13px] font-semibold text-accent-700 shadow-xs hover:bg-gray-50 disabled:cursor-wait disabled:text-gray-500"
      >
        {query.isFetchingNextPage ? "Loading…" : label}
      </button>
    </div>
  );
}
