"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { auditEventsQuery, type AuditEventsFilter } from "@/lib/queries";
import { AuditEventTable } from "./audit-event-table";
import { AuditFilters } from "./audit-filters";
import { Card } from "./card";
import { ChainStatusBanner } from "./chain-status-banner";
import { ErrorPanel } from "./error-panel";
import { EvidencePackForm } from "./evidence-pack-form";
import { pluralize } from "./format";

/** The auditor's page: is the log intact, what is in it, and a signed export of it. */
export function AuditView() {
  const [filter, setFilter] = useState<AuditEventsFilter>({});
  const events = useQuery(auditEventsQuery(filter));
  const filtered = Object.keys(filter).length > 0;

  return (
    <div className="space-y-5">
      <ChainStatusBanner />
      <Card
        id="events"
        title="Events"
        flush
        actions={events.data && <span className="text-xs text-gray-500">{events.data.length >= 200 ? "Latest 200 shown" : pluralize(events.data.length, "event")}</span>}
      >
        <div className="border-b border-gray-200 p-4">
          <AuditFilters value={filter} onApply={setFilter} />
        </div>
        {events.isPending ? (
          <p role="status" className="px-4 py-8 text-center text-gray-500">
            Loading events…
          </p>
        ) : events.isError && !events.data ? (
          <div className="p-4">
            <ErrorPanel error={events.error} title="Events could not be loaded" onRetry={() => events.refetch()} />
          </div>
        ) : events.data.length === 0 ? (
          <div className="px-4 py-10 text-center">
            <p className="font-semibold text-gray-900">{filtered ? "No events match these filters" : "No events recorded yet"}</p>
            <p className="mt-1 text-gray-600">{filtered ? "Widen the period or clear a filter." : "Every request, decision and sign-in will be logged here."}</p>
          </div>
        ) : (
          <AuditEventTable events={events.data} />
        )}
      </Card>
      <EvidencePackForm />
    </div>
  );
}
