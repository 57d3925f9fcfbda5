import type { RequestDetail } from "@/lib/queries";
import { Avatar } from "./avatar";
import { Card } from "./card";
import { LocalTime } from "./local-time";
import { MaskedText } from "./masked-text";

/** Who decided, which way, why and when. A policy that decides at once is listed as the policy. */
export function DecisionsList({ decisions }: { decisions: RequestDetail["decisions"] }) {
  return (
    <Card id="decisions" title="Decisions">
      {decisions.length === 0 ? (
        <p className="text-[13px] text-gray-500">No one has decided yet.</p>
      ) : (
        <ol className="space-y-3">
          {decisions.map((d) => {
            const who = d.kind === "user" ? (d.deciderName ?? d.decider) : d.kind === "system" || d.kind === "policy" ? "Policy" : d.decider;
            return (
              <li key={d.id} className="flex gap-2.5">
                <Avatar name={who} />
                <div className="min-w-0 flex-1 text-[13px]">
                  <p className="flex flex-wrap items-center gap-x-1.5">
                    <span className="font-semibold text-gray-900">{who}</span>
                    <span
                      className={`rounded-full px-1.5 py-px text-[11px] font-semibold ${
                        d.outcome === "approve" ? "bg-green-100 text-green-800" : "bg-red-100 text-red-800"
                      }`}
                    >
                      {d.outcome === "approve" ? "approved" : "rejected"}
                    </span>
                    {d.breakGlass && <span className="rounded-full bg-orange-100 px-1.5 py-px text-[11px] font-semibold text-orange-900">alone, under break-glass</span>}
                  </p>
                  {d.kind === "user" && d.deciderName && <p className="truncate text-xs text-gray-500">{d.decider}</p>}
                  <LocalTime iso={d.decidedAt} relative className="text-xs text-gray-500" />
                  {d.reason && (
                    <p className="mt-1 rounded-md bg-gray-50 px-2 py-1 break-words whitespace-pre-wrap text-gray-700">
                      <MaskedText text={d.reason} />
                    </p>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
