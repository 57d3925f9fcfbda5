import Link from "next/link";
import type { QueueItem } from "@/lib/queries";
import { BreakGlassBadge } from "./break-glass-badge";
import { EnvironmentBadge } from "./environment-badge";
import { formatDateTime, formatRelative } from "./format";
import { MaskedText } from "./masked-text";
import { RiskLevelBadge, RiskReasons } from "./risk-badges";
import { StatusBadge } from "./status-badge";
import { TimeLeft } from "./time-left";

type Selection = { selected: boolean; onToggle: (selected: boolean) => void };

/**
 * One request in the queue: what, where, who, how risky and how long is left, scannable in a few
 * lines. `selection` adds the checkbox bulk reject uses; `current` marks the row j/k moved to.
 */
export function QueueRow({ item, now, selection, current }: { item: QueueItem; now: number; selection?: Selection; current?: boolean }) {
  return (
    <li data-queue-row={item.id} className={`group relative flex gap-3 px-4 py-3 hover:bg-gray-50 ${current ? "bg-accent-50/60 ring-2 ring-accent-300 ring-inset" : ""}`}>
      {selection && (
        // Above the row's link, which covers the row so the whole row opens the request.
        <input
          type="checkbox"
          checked={selection.selected}
          onChange={(e) => selection.onToggle(e.target.checked)}
          aria-label={`Select: ${item.summary}`}
          className="relative z-10 mt-1 size-4 shrink-0 self-start accent-accent-600"
        />
      )}
      {/* On a phone the facts on the right drop below the rest. */}
      <div className="flex min-w-0 flex-1 flex-col gap-2 sm:flex-row sm:gap-4">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge status={item.status} />
            <RiskLevelBadge level={item.risk.level} minimum="medium" />
            {item.breakGlass && <BreakGlassBadge followUp={item.breakGlass.followUp} />}
            <Link
              href={`/requests/${item.id}`}
              data-queue-link
              className="min-w-0 font-semibold break-words text-gray-900 after:absolute after:inset-0 hover:text-accent-700 focus-visible:after:rounded-md"
            >
              <MaskedText text={item.summary} />
            </Link>
          </div>
          <div className="mt-1.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-gray-600">
            <code className="rounded-sm bg-gray-100 px-1 py-px font-mono text-[11.5px] text-gray-800">{item.action}</code>
            <span aria-hidden="true">on</span>
            <code className="max-w-full truncate font-mono text-[11.5px] text-gray-700 sm:max-w-[28rem]" title={item.resource}>
              <MaskedText text={item.resource} />
            </code>
            <EnvironmentBadge environment={item.environment} />
          </div>
          <RiskReasons risk={item.risk} minimum="medium" className="mt-1.5" />
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
            {" · rule "}
            <span className="text-gray-700">{item.rule}</span>
          </p>
        </div>
        <dl className="grid shrink-0 grid-cols-[auto_auto_auto_auto_auto_auto] content-start items-center gap-x-2 gap-y-1 text-xs sm:grid-cols-[auto_auto] sm:gap-x-3">
          <dt className="text-gray-500 sm:text-right">Approvals</dt>
          <dd className={`font-medium tabular-nums ${item.approvals >= item.requiredApprovals ? "text-green-700" : "text-gray-900"}`}>
            {item.approvals}/{item.requiredApprovals}
          </dd>
          <dt className="text-gray-500 sm:text-right">Masked</dt>
          <dd className={`tabular-nums ${item.maskedValues > 0 ? "font-medium text-amber-800" : "text-gray-500"}`}>{item.maskedValues}</dd>
          {item.status === "pending" && (
            <>
              <dt className="text-gray-500 sm:text-right">Expires</dt>
              <dd className="tabular-nums">
                <time dateTime={item.expiresAt} title={item.expiresAt}>
                  {now ? <TimeLeft expiresAt={item.expiresAt} now={now} /> : formatDateTime(item.expiresAt, { timeStyle: "short" })}
                </time>
              </dd>
            </>
          )}
        </dl>
      </div>
    </li>
  );
}
