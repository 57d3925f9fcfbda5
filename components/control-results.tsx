import Link from "next/link";
import type { ControlResults as Results } from "@/lib/domain/audit/control-results";
import type { ControlResult } from "@/lib/domain/evidence-pack/controls/control-catalog";
import { CHECKS, type CheckId } from "@/lib/domain/evidence-pack/controls/control-checks";
import { Card } from "./card";
import { pluralize } from "./format";
import { LocalTime } from "./local-time";

const RESULT_STYLES: Record<ControlResult, { label: string; className: string; dot: string; title: string }> = {
  effective: { label: "Effective", className: "border-green-300 bg-green-50 text-green-800", dot: "bg-green-600", title: "Its tests found no exception over the whole population" },
  exceptions: { label: "Exceptions", className: "border-red-300 bg-red-50 text-red-800", dot: "bg-red-600", title: "Its tests found at least one exception" },
  "not applicable": { label: "Not applicable", className: "border-gray-300 bg-gray-100 text-gray-700", dot: "bg-gray-400", title: "Its tests had no population in these days" },
  "population only": { label: "Population only", className: "border-gray-300 bg-white text-gray-700", dot: "bg-gray-300", title: "No test Countersign can re-perform: the pack's populations evidence it" },
  "re-performed by verify": { label: "Verified in the pack", className: "border-accent-200 bg-accent-50 text-accent-800", dot: "bg-accent-600", title: "The pack's chain, log and signatures evidence it; verify gives the verdict" },
};

/** What each test's exception is, in the words the issue uses. */
const EXCEPTION_LABELS: Record<CheckId, string> = {
  "grant-before-execution": "Executed without a grant",
  "independent-approval": "Approved by the owner or requester",
  "grant-within-expiry": "Grant used after expiry",
  "approved-digest-executed": "Executed digest differs from approved",
  "break-glass-follow-up": "Break-glass without its follow-up",
  "policy-second-administrator": "Policy change without a second administrator",
  "self-approval-refused": "Refused self-approval attempt",
};

const day = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const lastDay = (iso: string) => day(new Date(new Date(iso).getTime() - 86_400_000).toISOString());

/**
 * Each mapped control's result and the exceptions behind it, from the same tests the evidence pack
 * re-performs (the worker materialises them as the log is sealed), over whole UTC days.
 */
export function ControlResults({ results }: { results: Results }) {
  const tallies = new Map(results.checks.map((c) => [c.id, c]));
  const behind = results.through.sealed - results.through.seq;
  const span = `${day(results.days.from)} – ${lastDay(results.days.to)} (UTC days)`;
  return (
    <div className="grid gap-4 xl:grid-cols-5">
      <div className="xl:col-span-3">
        <Card
          id="controls"
          title="Controls"
          flush
          actions={
            <span className="text-xs text-gray-500">
              {span}
              {behind > 0 && <span className="ml-2 text-amber-800">· {behind.toLocaleString()} event(s) still being tested</span>}
            </span>
          }
        >
          <ul className="divide-y divide-gray-100">
            {results.controls.map((control) => {
              const style = RESULT_STYLES[control.result];
              return (
                <li key={control.id} className="flex flex-col gap-1 px-4 py-2.5 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
                  <div className="min-w-0">
                    <p className="text-[13px] text-gray-900">
                      <span className="mr-2 font-mono text-xs font-semibold text-gray-700">{control.id}</span>
                      <span className="font-medium">{control.title}</span>
                      <span className="ml-2 text-xs text-gray-500">{control.framework}</span>
                    </p>
                    {control.checks.length > 0 && (
                      <p className="mt-0.5 text-xs text-gray-600">
                        {control.checks.map((check, i) => {
                          const t = tallies.get(check);
                          return (
                            <span key={check} title={CHECKS[check].title}>
                              {i > 0 && " · "}
                              <span className={t && t.exceptions > 0 ? "font-semibold text-red-700" : ""}>{pluralize(t?.exceptions ?? 0, "exception")}</span> in {(t?.population ?? 0).toLocaleString()} {t?.population === 1 ? CHECKS[check].population.replace(/s$/, "") : CHECKS[check].population}
                            </span>
                          );
                        })}
                      </p>
                    )}
                    {control.notYetEvidenced && <p className="mt-0.5 text-xs text-gray-500">Not yet evidenced: {control.notYetEvidenced}</p>}
                  </div>
                  <span title={style.title} className={`inline-flex shrink-0 items-center gap-1.5 self-start rounded-full border px-2 py-px text-xs font-medium ${style.className}`}>
                    <span aria-hidden="true" className={`size-1.5 rounded-full ${style.dot}`} />
                    {style.label}
                  </span>
                </li>
              );
            })}
          </ul>
        </Card>
      </div>
      <div className="xl:col-span-2">
        <Card
          id="exceptions"
          title={
            <>
              Exceptions{" "}
              <span className={`ml-1 rounded-full px-1.5 py-px text-xs font-medium tabular-nums ${results.exceptionCount > 0 ? "bg-red-100 text-red-800" : "bg-gray-100 text-gray-600"}`}>{results.exceptionCount.toLocaleString()}</span>
            </>
          }
          flush
        >
          {results.exceptions.length === 0 ? (
            <p className="px-4 py-6 text-center text-gray-500">No exception in these days.</p>
          ) : (
            <ul className="divide-y divide-gray-100">
              {results.exceptions.map((e) => (
                <li key={`${e.check} ${e.seq} ${e.subject}`} className="px-4 py-2.5 text-[13px]">
                  <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                    <span className="font-medium text-red-800">{EXCEPTION_LABELS[e.check]}</span>
                    <LocalTime iso={e.occurredAt} className="text-xs text-gray-500" />
                  </div>
                  <p className="mt-0.5 break-words text-xs text-gray-600">{e.detail}</p>
                  <p className="mt-0.5 text-xs">
                    {e.requestId ? (
                      <Link href={`/requests/${e.requestId}`} className="font-mono text-accent-700 hover:underline" aria-label={`Request ${e.requestId}: ${EXCEPTION_LABELS[e.check]}`}>
                        {e.requestId.slice(0, 8)} · timeline →
                      </Link>
                    ) : (
                      <Link href="/audit?type=policy.changed#events" className="font-mono text-accent-700 hover:underline">
                        {e.subject} · policy changes →
                      </Link>
                    )}
                    <span className="ml-2 text-gray-500">event #{e.seq.toLocaleString()}</span>
                  </p>
                </li>
              ))}
            </ul>
          )}
          {results.exceptionCount > results.exceptions.length && (
            <p className="border-t border-gray-100 px-4 py-2 text-xs text-gray-500">
              The newest {results.exceptions.length} of {results.exceptionCount.toLocaleString()}; the evidence pack lists every one.
            </p>
          )}
        </Card>
      </div>
    </div>
  );
}
