"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useRouter } from "next/navigation";
import { auditEventsQuery, auditPageHref, type AuditEventsFilter } from "@/lib/queries";
import { AuditEventTable } from "./audit-event-table";
import { AuditFilters } from "./audit-filters";
import { Card } from "./card";
import { ChainStatusBanner } from "./chain-status-banner";
import { ErrorPanel } from "./error-panel";
import { EvidencePackForm } from "./evidence-pack-form";
import { pluralize } from "./format";
import { ShowMoreButton } from "./show-more-button";

/**
 * The auditor's page: is the log intact, what a period looked like (`overview`), what is in the log,
 * and a signed export of it. The filters live in
 * the page's address, so a filtered view can be shared, bookmarked and reloaded.
 */
export function AuditView({ filter, overview }: { filter: AuditEventsFilter; overview: ReactNode }) {
  const router = useRouter();
  const query = useInfiniteQuery(auditEventsQuery(filter));
  const events = query.data?.pages.flatMap((page) => page.events);
  const filtered = Object.keys(filter).length > 0;

  return (
    <div className="space-y-5">
      <ChainStatusBanner />
      {overview}
      <Card
        id="events"
        title="Events"
        flush
        actions={
          events && (
            <span className="text-xs text-gray-500">
              {query.hasNextPage ? `Latest ${events.length} shown` : pluralize(events.length, filtered ? "matching event" : "event")}
            </span>
          )
        }
      >
        <div className="border-b border-gray-200 p-4">
          {/* Keyed by the filter, so the form shows what the address says after back and forward too. */}
          <AuditFilters key={auditPageHref(filter)} value={filter} onApply={(next) => router.push(auditPageHref(next))} />
        </div>
        {!events ? (
          query.isError ? (
            <div className="p-4">
              <ErrorPanel error={query.error} title="Events could not be loaded" onRetry={() => query.refetch()} />
            </div>
          ) : (
            <p role="status" className="px-4 py-8 text-center text-gray-500">
              Loading events…
            </p>
          )
        ) : events.length === 0 ? (
          <div className="px-4 py-10 text-center">
            <p className="font-semibold text-gray-900">{filtered ? "No events match these filters" : "No events recorded yet"}</p>
            <p className="mt-1 text-gray-600">{filtered ? "Widen the period or clear a filter." : "Every request, decision and sign-in will be logged here."}</p>
          </div>
        ) : (
          <>
            <AuditEventTable events={events} />
            {query.hasNextPage || query.isFetchNextPageError ? (
              <div className="border-t border-gray-200 p-3">
                <ShowMoreButton query={query} label="Show older events" />
              </div>
            ) : null}
          </>
        )}
      </Card>
      <EvidencePackForm />
    </div>
  );
}
