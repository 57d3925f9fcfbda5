"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { AUDIT_PERIOD_PRESETS, type AuditOverview as Overview, type AuditPeriodPreset } from "@/lib/domain/audit/overview";
import { auditOverviewQuery } from "@/lib/queries";
import { Card } from "./card";
import { ControlResults } from "./control-results";
import { DecisionTimeHistogram } from "./decision-time-histogram";
import { ErrorPanel } from "./error-panel";
import { OutcomeBreakdown } from "./outcome-breakdown";
import { OutcomeLegend } from "./outcome-legend";
import { groupCount, OUTCOME_GROUPS } from "./outcome-groups";
import { RequestsPerDayChart } from "./requests-per-day-chart";

/**
 * What an auditor looks at first: a period's requests and how they ended, how long people took, and
 * where the rules bit (refused attempts, break-glass), before the event log below. The period is in
 * the page's address (`?period=7d`), beside the event filters, so a view can be shared.
 */
export function AuditOverview({ period }: { period: AuditPeriodPreset }) {
  const query = useQuery(auditOverviewQuery(period));
  return (
    <section aria-labelledby="overview-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="overview-heading" className="text-base font-semibold text-gray-900">
          Overview
        </h2>
        <div className="flex items-center gap-4">
          <PeriodSwitch current={period} />
          <a href="#events" className="text-sm text-accent-700 hover:underline">
            Event log ↓
          </a>
        </div>
      </div>
      {query.data ? (
        <OverviewFigures overview={query.data} />
      ) : query.isError ? (
        <ErrorPanel error={query.error} title="The overview could not be loaded" onRetry={() => query.refetch()} />
      ) : (
        <p role="status" className="rounded-lg border border-gray-200 bg-white px-4 py-8 text-center text-gray-500">
          Loading the overview…
        </p>
      )}
    </section>
  );
}

function OverviewFigures({ overview }: { overview: Overview }) {
  const total = Object.values(overview.totals).reduce((a, b) => a + b, 0);
  const refused = overview.refusedAttempts.reduce((sum, { count }) => sum + count, 0);
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-2 gap-px overflow-hidden rounded-lg border border-gray-200 bg-gray-200 shadow-xs sm:grid-cols-3 lg:grid-cols-6">
        <Figure label="Requests" value={total} />
        {OUTCOME_GROUPS.filter((group) => group.key !== "cancelled").map((group) => (
          <Figure key={group.key} label={group.label} value={groupCount(overview.totals, group)} swatch={group.swatch} />
        ))}
        <Figure label="Refused attempts" value={refused} warn={refused > 0} />
      </dl>
      <ControlResults results={overview.controls} />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Card id="per-day" title="Requests per day" actions={<OutcomeLegend />}>
            <RequestsPerDayChart overview={overview} />
          </Card>
        </div>
        <Card id="decision-time" title="Time to decision">
          <DecisionTimeHistogram decisionTime={overview.decisionTime} />
        </Card>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card id="by-rule" title="Outcomes by policy rule">
          <OutcomeBreakdown caption="Outcomes by the policy rule that matched" keyLabel="Rule" rows={overview.byRule} />
        </Card>
        <Card id="by-environment" title="Outcomes by environment">
          <OutcomeBreakdown caption="Outcomes by environment" keyLabel="Environment" rows={overview.byEnvironment} />
        </Card>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card id="refused" title="Refused decision attempts">
          {overview.refusedAttempts.length === 0 ? (
            <p className="text-gray-500">The server refused no decision in this period.</p>
          ) : (
            <ul className="divide-y divide-gray-100 text-[13px]">
              {overview.refusedAttempts.map(({ code, count }) => (
                <li key={code} className="flex items-center justify-between py-1.5">
                  <Link href={`/audit?type=decision.refused#events`} className="font-mono text-xs text-gray-900 hover:underline">
                    {code}
                  </Link>
                  <span className="tabular-nums text-gray-900">{count.toLocaleString()}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card id="break-glass" title="Break-glass and executions">
          <dl className="grid grid-cols-2 gap-3 text-[13px]">
            <SmallFigure label="Break-glass approvals" value={overview.breakGlass.approvals} />
            <SmallFigure label="Follow-ups still open" value={overview.breakGlass.openFollowUps} warn={overview.breakGlass.openFollowUps > 0} />
            <SmallFigure label="Executions reported succeeded" value={overview.executions.succeeded} />
            <SmallFigure label="Executions reported failed" value={overview.executions.failed} />
          </dl>
        </Card>
      </div>
    </div>
  );
}

function PeriodSwitch({ current }: { current: AuditPeriodPreset }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const hrefFor = (period: AuditPeriodPreset) => {
    const next = new URLSearchParams(params);
    next.set("period", period);
    return `${pathname}?${next.toString()}`;
  };
  return (
    <nav aria-label="Overview period" className="inline-flex overflow-hidden rounded-md border border-gray-300 bg-white text-sm shadow-xs">
      {(Object.keys(AUDIT_PERIOD_PRESETS) as AuditPeriodPreset[]).map((period) => (
        <Link
          key={period}
          href={hrefFor(period)}
          scroll={false}
          aria-current={period === current ? "page" : undefined}
          aria-label={`Last ${AUDIT_PERIOD_PRESETS[period]} days`}
          className={`border-l border-gray-300 px-3 py-1 first:border-l-0 ${period === current ? "bg-gray-100 font-semibold text-gray-900" : "text-gray-600 hover:bg-gray-50"}`}
        >
          {period}
        </Link>
      ))}
    </nav>
  );
}

function Figure({ label, value, swatch, warn = false }: { label: string; value: number; swatch?: string; warn?: boolean }) {
  return (
    <div className="bg-white px-4 py-3">
      <dt className="flex items-center gap-1.5 text-xs text-gray-500">
        {swatch && <span aria-hidden="true" className={`size-2 rounded-sm ${swatch}`} />}
        {label}
      </dt>
      <dd className={`mt-0.5 text-xl font-semibold tabular-nums ${warn ? "text-red-700" : "text-gray-900"}`}>{value.toLocaleString()}</dd>
    </div>
  );
}

function SmallFigure({ label, value, warn = false }: { label: string; value: number; warn?: boolean }) {
  return (
    <div>
      <dt className="text-xs text-gray-500">{label}</dt>
      <dd className={`font-semibold tabular-nums ${warn ? "text-red-700" : "text-gray-900"}`}>{value.toLocaleString()}</dd>
    </div>
  );
}
