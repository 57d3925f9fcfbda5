"use client";

import Link from "next/link";
import { useState } from "react";
import { compactJson } from "@/lib/domain/diff/pretty-json";
import type { AuditEvent } from "@/lib/queries";
import { JsonView } from "./json-view";
import { LocalTime } from "./local-time";
import { MaskedText } from "./masked-text";

const PREVIEW_LENGTH = 160;

/** One event: a compact row, expandable to its full (masked) data. */
export function AuditEventRow({ event }: { event: AuditEvent }) {
  const [open, setOpen] = useState(false);
  const json = compactJson(event.data);
  const preview = json.length > PREVIEW_LENGTH ? `${json.slice(0, PREVIEW_LENGTH)}…` : json;
  const detailsId = `event-${event.id}-data`;
  const cell = "px-3 py-2 align-top";
  return (
    <>
      <tr className="border-t border-gray-100 hover:bg-gray-50/60">
        <td className={`${cell} text-right font-mono text-[12px] text-gray-700 tabular-nums`}>
          {event.seq ?? (
            <span className="font-sans text-[11px] text-amber-700" title="Not yet sealed into the chain">
              unsealed
            </span>
          )}
        </td>
        <td className={`${cell} whitespace-nowrap text-gray-700`}>
          <LocalTime iso={event.occurredAt} />
          {event.backdated && (
            <span
              className="ml-1.5 rounded-sm bg-red-50 px-1 py-px text-[11px] font-medium text-red-700 ring-1 ring-red-200 ring-inset"
              title="Sealed after a checkpoint that was published later than the time this event claims: whoever wrote it chose its time"
            >
              backdated
            </span>
          )}
        </td>
        <td className={cell}>
          <code className="rounded-sm bg-gray-100 px-1 py-px font-mono text-[12px] whitespace-nowrap text-gray-900">{event.type}</code>
        </td>
        <td className={`${cell} max-w-[14rem]`}>
          <span className="block truncate text-gray-800" title={`${event.actor.kind}: ${event.actor.id}`}>
            {event.actor.name ?? event.actor.id}
          </span>
          <span className="text-[11px] text-gray-500">
            {event.actor.kind}
            {event.actor.auth ? ` · ${event.actor.auth}` : ""}
          </span>
        </td>
        <td className={`${cell} max-w-[12rem]`}>
          <span className="text-[11px] text-gray-500">{event.streamType}</span>
          {event.streamType === "request" ? (
            <Link href={`/requests/${event.streamId}`} className="block truncate font-mono text-[12px] text-accent-700 hover:underline" title={event.streamId}>
              {event.streamId}
            </Link>
          ) : (
            <span className="block truncate font-mono text-[12px] text-gray-700" title={event.streamId}>
              {event.streamId}
            </span>
          )}
        </td>
        <td className={`${cell} w-full max-w-0 min-w-[16rem]`}>
          <div className="flex items-start gap-2">
            <code className="block min-w-0 flex-1 truncate font-mono text-[11.5px] leading-5 text-gray-600" title={preview}>
              <MaskedText text={preview} />
            </code>
            {json.length > 2 && (
              <button
                type="button"
                aria-expanded={open}
                aria-controls={detailsId}
                aria-label={`${open ? "Hide" : "Show"} data of event ${event.seq ?? event.id}`}
                onClick={() => setOpen(!open)}
                className="shrink-0 rounded-md border border-gray-300 bg-white px-1.5 py-px text-[11px] font-medium text-gray-700 shadow-xs hover:bg-gray-50"
              >
                {open ? "Hide" : "Show"}
              </button>
            )}
          </div>
        </td>
      </tr>
      {open && (
        <tr id={detailsId} className="bg-gray-50/60">
          <td />
          <td colSpan={5} className="px-3 pb-3">
            <JsonView value={event.data} label={`Data of event ${event.seq ?? event.id}`} />
            {event.chainHash && (
              <p className="mt-1 text-[11px] text-gray-500">
                Chain hash <code className="font-mono">{event.chainHash}</code>
              </p>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
