import type { RequestDetail } from "@/lib/queries";
import { Card } from "./card";
import { LocalTime } from "./local-time";

const DOT: Record<string, string> = {
  created: "bg-accent-600",
  approved: "bg-green-600",
  rejected: "bg-red-600",
  refused: "bg-red-600",
  issued: "bg-green-600",
  expired: "bg-gray-400",
  cancelled: "bg-gray-400",
  reported: "bg-accent-600",
  added: "bg-gray-400",
  break_glass: "bg-orange-500",
  confirmed: "bg-green-600",
};

/**
 * Every event recorded for this request, in order: the request's own slice of the audit log. Events
 * after `lastSeenEventId` (the viewer's previous visit) are marked new.
 */
export function EventTimeline({ timeline, lastSeenEventId = null }: { timeline: RequestDetail["timeline"]; lastSeenEventId?: number | null }) {
  return (
    <Card id="timeline" title="Timeline">
      {timeline.length === 0 ? (
        <p className="text-[13px] text-gray-500">No events recorded.</p>
      ) : (
        <ol className="relative ml-1 border-l border-gray-200">
          {timeline.map((event) => {
            const verb = event.type.split(".").pop() ?? "";
            const isNew = lastSeenEventId !== null && event.id > lastSeenEventId;
            return (
              <li key={event.id} className={`relative pb-3 pl-4 last:pb-0 ${isNew ? "bg-accent-50" : ""}`}>
                <span aria-hidden="true" className={`absolute top-1.5 -left-[4.5px] size-2 rounded-full ring-2 ring-white ${DOT[verb] ?? "bg-gray-400"}`} />
                <p className="font-mono text-[12px] text-gray-900">
                  {event.type}
                  {isNew && <span className="ml-1.5 rounded-sm bg-accent-600 px-1 font-sans text-[10.5px] font-semibold text-white">new</span>}
                </p>
                <p className="text-xs text-gray-600">
                  <span className="break-all">{event.actor}</span> · <LocalTime iso={event.occurredAt} />
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
