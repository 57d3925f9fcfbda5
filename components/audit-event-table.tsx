import type { AuditEvent } from "@/lib/queries";
import { AuditEventRow } from "./audit-event-row";

const COLUMNS = ["Seq", "Time", "Type", "Actor", "Subject", "Data"] as const;

/** The event log, newest first. */
export function AuditEventTable({ events }: { events: AuditEvent[] }) {
  const th = "px-3 py-2 text-left text-xs font-semibold text-gray-600";
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-[13px]">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="bg-gray-50">
          <tr>
            {COLUMNS.map((column) => (
              <th key={column} scope="col" className={column === "Seq" ? `${th} text-right` : th}>
                {column}
              </th>
            ))}
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
