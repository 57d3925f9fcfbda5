"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { evidencePackMutation, startEvidenceExportMutation, type EvidencePackFile } from "@/lib/queries";
import { Card } from "./card";
import { ErrorPanel } from "./error-panel";
import { EvidenceExportsList } from "./evidence-exports-list";
import { TEXT_FIELD } from "./control-styles";

function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Hands a fetched file to the browser's download manager. */
function saveFile({ blob, filename }: EvidencePackFile) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: some browsers read the blob only after the click has returned.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * A signed evidence pack for a period (default: the last 30 days, today included): the events, their
 * chain, requests and decisions, and a signed manifest, verifiable offline with `npm run cli -- verify`.
 */
export function EvidencePackForm() {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const fromId = useId();
  const toId = useId();
  const queryClient = useQueryClient();
  const download = useMutation(evidencePackMutation(queryClient));
  const background = useMutation(startEvidenceExportMutation(queryClient));
  // Defaults use the viewer's calendar, which the server render does not know.
  useEffect(() => {
    const today = new Date();
    setTo(localDate(today));
    setFrom(localDate(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29)));
  }, []);
  const invalid = !!from && !!to && from > to;

  return (
    <Card id="evidence" title="Evidence pack">
      <p className="text-gray-600">
        A signed ZIP of every event in the period with its hash chain, plus the requests and decisions as CSV. Anyone can check it offline with{" "}
        <code className="rounded-sm bg-gray-100 px-1 font-mono text-[12px]">npm run cli -- verify FILE.zip</code>. The export itself is recorded in the log.
      </p>
      <div className="mt-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={fromId} className="block text-[13px] font-medium text-gray-700">
            Period start
          </label>
          <input id={fromId} type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} className={TEXT_FIELD} />
        </div>
        <div>
          <label htmlFor={toId} className="block text-[13px] font-medium text-gray-700">
            Period end
          </label>
          <input id={toId} type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} aria-invalid={invalid || undefined} className={TEXT_FIELD} />
        </div>
        <button
          type="button"
          disabled={invalid || download.isPending}
          onClick={() => download.mutate({ from: from || undefined, to: to || undefined }, { onSuccess: saveFile })}
          className="inline-flex items-center gap-2 rounded-md border border-gray-300 bg-white px-3 py-1.5 text-[13px] font-semibold text-gray-900 shadow-xs hover:bg-gray-50 disabled:cursor-not-allowed disabled:bg-gray-100 disabled:text-gray-500"
        >
          <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 text-gray-600" fill="currentColor">
            <path d="M2.75 14A1.75 1.75 0 0 1 1 12.25v-2.5a.75.75 0 0 1 1.5 0v2.5c0 .138.112.25.25.25h10.5a.25.25 0 0 0 .25-.25v-2.5a.75.75 0 0 1 1.5 0v2.5A1.75 1.75 0 0 1 13.25 14Z" />
            <path d="M7.25 7.689V2a.75.75 0 0 1 1.5 0v5.689l1.97-1.969a.749.749 0 1 1 1.06 1.06l-3.25 3.25a.749.749 0 0 1-1.06 0L4.22 6.78a.749.749 0 1 1 1.06-1.06l1.97 1.969Z" />
          </svg>
          {download.isPending ? "Preparing pack…" : "Download evidence pack"}
        </button>
        <button
          type="button"
          disabled={invalid || !from || !to || background.isPending}
          onClick={() => background.mutate({ from, to })}
          className="inline-flex items-center rounded-md border border-gray-300 bg-white px-3 py-1.5 text-[13px] font-semibold text-gray-900 shadow-xs hover:bg-gray-50 disabled:cursor-not-allowed disabled:bg-gray-100 disabled:text-gray-500"
        >
          Export in the background
        </button>
      </div>
      {download.isError && (
        <div className="mt-3">
          <ErrorPanel compact error={download.error} title="The evidence pack was not downloaded" />
        </div>
      )}
      {background.isError && (
        <div className="mt-3">
          <ErrorPanel compact error={background.error} title="The export was not started" />
        </div>
      )}
      {invalid && (
        <p role="alert" className="mt-2 text-[13px] text-red-700">
          The period must start on or before its end.
        </p>
      )}
      <p className="mt-2 text-xs text-gray-500">
        Dates are whole days in your time zone; the end date is included. For long periods, export in the background: the server builds the pack, you can leave this page, and it waits
        here for you to download.
      </p>
      <EvidenceExportsList />
    </Card>
  );
}
