"use client";

import { useQuery } from "@tanstack/react-query";
import { chainStatusQuery } from "@/lib/queries";
import { CopyButton } from "./copy-button";
import { ErrorPanel } from "./error-panel";
import { pluralize, shortHash } from "./format";
import { LocalTime } from "./local-time";

/** Whether the event log is intact: every sealed event re-hashed and the chain walked from genesis. */
export function ChainStatusBanner() {
  const query = useQuery(chainStatusQuery());
  if (query.isPending) {
    return (
      <div role="status" className="rounded-lg border border-gray-200 bg-white px-4 py-3 text-gray-600 shadow-xs">
        Verifying the event chain…
      </div>
    );
  }
  if (query.isError && !query.data) return <ErrorPanel error={query.error} title="The event chain could not be verified" onRetry={() => query.refetch()} />;
  const status = query.data;

  if (!status.ok) {
    return (
      <section aria-labelledby="chain-heading" role="alert" className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-red-900 shadow-xs">
        <h2 id="chain-heading" className="flex items-center gap-2 font-semibold">
          <Icon ok={false} />
          Event chain broken at seq {status.brokenAt.toLocaleString()}
        </h2>
        <p className="mt-1">{capitalize(status.problem)}.</p>
        <p className="mt-1 text-[13px] text-red-800/80">
          {pluralize(status.checked, "event")} before it verified. Events from seq {status.brokenAt.toLocaleString()} on cannot be trusted until this is investigated.
          Checked <LocalTime iso={status.verifiedAt} relative />.
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="chain-heading" className="rounded-lg border border-green-200 bg-white px-4 py-3 shadow-xs">
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
        <h2 id="chain-heading" className="flex items-center gap-2 font-semibold text-green-800">
          <Icon ok />
          Event chain verified
        </h2>
        <p className="text-[13px] text-gray-700">
          <span className="font-semibold tabular-nums">{pluralize(status.checked, "event")}</span> re-hashed and linked from genesis
        </p>
        <p className="flex items-center gap-1.5 text-[13px] text-gray-700">
          <span className="text-gray-500">Head</span>
          <code className="rounded-sm bg-gray-100 px-1.5 py-px font-mono text-[12px]" title={status.head}>
            {shortHash(status.head, 16)}
          </code>
          <CopyButton value={status.head} label="Copy head hash" />
        </p>
        <p className="text-[13px] text-gray-600">
          {status.unsealed === 0 ? "All events sealed" : `${pluralize(status.unsealed, "event")} awaiting sealing`}
        </p>
        <p className="ml-auto text-xs text-gray-500">
          Checked <LocalTime iso={status.verifiedAt} relative />
        </p>
      </div>
    </section>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function Icon({ ok }: { ok: boolean }) {
  return ok ? (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 text-green-700" fill="currentColor">
      <path d="M7.47.22a.75.75 0 0 1 1.06 0l.02.02 5.75 2.1A.75.75 0 0 1 14.8 3v4.3c0 3.48-2.3 6.6-6.6 8.15a.75.75 0 0 1-.5 0C3.4 13.9 1.2 10.78 1.2 7.3V3a.75.75 0 0 1 .5-.7l5.75-2.1ZM11.03 5.97a.75.75 0 0 0-1.06 0L7 8.94 5.78 7.72a.75.75 0 0 0-1.06 1.06l1.75 1.75c.3.3.77.3 1.06 0l3.5-3.5a.75.75 0 0 0 0-1.06Z" />
    </svg>
  ) : (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 text-red-700" fill="currentColor">
      <path d="M6.46 1.05a1.75 1.75 0 0 1 3.08 0l6.26 11.6A1.75 1.75 0 0 1 14.26 15H1.74a1.75 1.75 0 0 1-1.54-2.35Zm1.54 3.7a.75.75 0 0 0-.75.75v3.5a.75.75 0 0 0 1.5 0V5.5A.75.75 0 0 0 8 4.75ZM8 12.5a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" />
    </svg>
  );
}
