import Link from "next/link";
import type { QueueItem } from "@/lib/queries";
import { BreakGlassBadge } from "./break-glass-badge";
import { EnvironmentBadge } from "./environment-badge";
import { formatDateTime, formatRelative } from "./format";
import { MaskedText } from "./masked-text";
import { StatusBadge } from "./status-badge";
import { TimeLeft } from "./time-left";

/** One request in the queue: what, where, who, and how long is left, scannable in one line and a half. */
export function QueueRow({ item, now }: { item: QueueItem; now: number }) {
  return (
    <li className="group relative flex gap-4 px-4 py-3 hover:bg-gray-50">
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <StatusBadge status={item.status} />
          {item.breakGlass && <BreakGlassBadge followUp={item.breakGlass.followUp} />}
          <Link
            href={`/requests/${item.id}`}
            className="min-w-0 font-semibold break-words text-gray-900 after:absolute after:inset-0 hover:text-accent-700 focus-visible:after:rounded-md"
          >
            <MaskedText text={item.summary} />
          </Link>
        </div>
        <div className="mt-1.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-gray-600">
          <code className="rounded-sm bg-gray-100 px-1 py-px font-mono text-[11.5px] text-gray-800">{item.action}</code>
          <span aria-hidden="true">on</span>
          <code className="max-w-[28rem] truncate font-mono text-[11.5px] text-gray-700" title={item.resource}>
            <MaskedText text={item.resource} />
          </code>
          <EnvironmentBadge environment={item.environment} />
        </div>
        <p className="mt-1 text-xs text-gray-500">
          <span className="text-gray-700">{item.agentName}</span>
          {item.onBehalfOf && (
            <>
              {" "}
              on behalf of <span className="text-gray-700">{item.onBehalfOf}</span>
            </>
          )}
          {" · "}
          <time dateTime={item.createdAt} title={item.createdAt}>
            {now ? formatRelative(item.createdAt, now) : formatDateTime(item.createdAt)}
          </time>
        </p>
      </div>
      <dl className="grid shrink-0 grid-cols-[auto_auto] content-start items-center gap-x-3 gap-y-1 text-xs">
        <dt className="text-right text-gray-500">Approvals</dt>
        <dd className={`font-medium tabular-nums ${item.approvals >= item.requiredApprovals ? "text-green-700" : "text-gray-900"}`}>
          {item.approvals}/{item.requiredApprovals}
        </dd>
        <dt className="text-right text-gray-500">Masked</dt>
        <dd className={`tabular-nums ${item.maskedValues > 0 ? "font-medium text-amber-800" : "text-gray-500"}`}>{item.maskedValues}</dd>
        {item.status === "pending" && (
          <>
            <dt className="text-right text-gray-500">Expires</dt>
            <dd className="tabular-nums">
              <time dateTime={item.expiresAt} title={item.expiresAt}>
                {now ? <TimeLeft expiresAt={item.expiresAt} now={now} /> : formatDateTime(item.expiresAt, { timeStyle: "short" })}
              </time>
            </dd>
          </>
        )}
      </dl>
    </li>
  );
}
