import type { AuditEvent } from "@/lib/queries";
import { AuditEventRow } from "./audit-event-row";

/** The event log, newest first. */
export function AuditEventTable({ events }: { events: AuditEvent[] }) {
  const th = "px-3 py-2 text-left text-xs font-semibold text-gray-600";
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-[13px]">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="bg-gray-50">
          <tr>
            <th scope="col" className={`${th} text-right`}>
              Seq
            </th>
            <th scope="col" className={th}>
              Time
            </th>
            <th scope="col" className={th}>
              Type
            </th>
            <th scope="col" className={th}>
              Actor
            </th>
            <th scope="col" className={th}>
              Subject
            </th>
            <th scope="col" className={th}>
              Data
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <AuditEventRow key={event.id} event={event} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
