"use client";

import { useQuery } from "@tanstack/react-query";
import type { EvidenceExportView } from "@/lib/domain/evidence-exports/evidence-export";
import { evidenceExportsQuery } from "@/lib/queries";
import { ErrorPanel } from "./error-panel";
import { LocalTime } from "./local-time";

const STATUS: Record<EvidenceExportView["status"], { label: string; className: string }> = {
  queued: { label: "Queued", className: "border-gray-300 bg-gray-100 text-gray-700" },
  running: { label: "Building", className: "border-amber-300 bg-amber-50 text-amber-900" },
  succeeded: { label: "Ready", className: "border-green-300 bg-green-50 text-green-800" },
  failed: { label: "Failed", className: "border-red-300 bg-red-50 text-red-800" },
  expired: { label: "Expired", className: "border-gray-300 bg-gray-100 text-gray-600" },
};

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
const size = (bytes: number) => (bytes < 1_048_576 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1_048_576).toFixed(1)} MB`);

/**
 * The viewer's recent background exports, polled while one is being built: its progress in events,
 * then a download link, its size and SHA-256. They are the viewer's own, kept by the server, so
 * leaving /audit loses nothing.
 */
export function EvidenceExportsList() {
  const query = useQuery(evidenceExportsQuery());
  if (query.isError) return <ErrorPanel compact error={query.error} title="Your exports could not be loaded" onRetry={() => query.refetch()} />;
  if (!query.data || query.data.length === 0) return null;
  return (
    <section aria-labelledby="exports-heading" className="mt-4 overflow-hidden rounded-md border border-gray-200">
      <h3 id="exports-heading" className="border-b border-gray-200 bg-gray-50/70 px-3 py-1.5 text-[13px] font-semibold text-gray-900">
        Your recent exports
      </h3>
      <ul className="divide-y divide-gray-100">
        {query.data.map((e) => (
          <ExportRow key={e.id} item={e} />
        ))}
      </ul>
    </section>
  );
}

function ExportRow({ item }: { item: EvidenceExportView }) {
  const style = STATUS[item.status];
  const period = `${day(item.period.from)} – ${day(new Date(new Date(item.period.to).getTime() - 1).toISOString())}`;
  const total = item.eventsTotal ?? 0;
  const percent = total > 0 ? Math.min(100, Math.round((item.eventsDone / total) * 100)) : 0;
  return (
    <li className="flex flex-col gap-2 px-3 py-2.5 text-[13px] sm:flex-row sm:items-center sm:justify-between sm:gap-4">
      <div className="min-w-0 space-y-0.5">
        <p className="flex flex-wrap items-center gap-2">
          <span className={`inline-flex rounded-full border px-2 py-px text-xs font-medium ${style.className}`}>{style.label}</span>
          <span className="font-medium text-gray-900">{period}</span>
          <span className="text-xs text-gray-500">
            started <LocalTime iso={item.createdAt} relative />
          </span>
        </p>
        {item.status === "running" && (
          <div className="flex items-center gap-2">
            <progress
              aria-label={`Export of ${period}`}
              value={item.eventsDone}
              max={total || undefined}
              className="h-1.5 w-40 overflow-hidden rounded-full [&::-webkit-progress-bar]:bg-gray-200 [&::-webkit-progress-value]:bg-accent-600"
            />
            <span className="text-xs tabular-nums text-gray-600">
              {total > 0 ? `${item.eventsDone.toLocaleString()} of ${total.toLocaleString()} events (${percent}%)` : "Reading the log…"}
            </span>
          </div>
        )}
        {item.status === "failed" && item.error && (
          <p role="alert" className="text-xs text-red-700">
            {item.error}
          </p>
        )}
        {item.status === "succeeded" && item.sha256 && (
          <p className="truncate font-mono text-[11px] text-gray-500" title={`SHA-256 ${item.sha256}`}>
            SHA-256 {item.sha256}
          </p>
        )}
      </div>
      {item.status === "succeeded" && (
        <a
          href={`/api/console/evidence-exports/${item.id}/file`}
          download={item.filename ?? undefined}
          className="inline-flex shrink-0 items-center gap-1.5 self-start rounded-md border border-gray-300 bg-white px-2.5 py-1 text-[13px] font-semibold text-gray-900 shadow-xs hover:bg-gray-50 sm:self-center"
        >
          Download{item.bytes !== null && <span className="font-normal text-gray-500">{size(item.bytes)}</span>}
        </a>
      )}
    </li>
  );
}
