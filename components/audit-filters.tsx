"use client";

import { useState } from "react";
import type { AuditEventsFilter } from "@/lib/queries";
import { PRIMARY_BUTTON, SECONDARY_BUTTON, TEXT_FIELD } from "./control-styles";

const FIELDS: { key: keyof AuditEventsFilter; label: string; type: "text" | "date"; placeholder?: string; hint?: string }[] = [
  { key: "type", label: "Event type", type: "text", placeholder: "e.g. decision.", hint: "Matches the start of the type" },
  { key: "streamId", label: "Subject id", type: "text", placeholder: "Request or agent id" },
  { key: "actor", label: "Actor", type: "text", placeholder: "Email or agent id" },
  { key: "from", label: "From", type: "date" },
  { key: "to", label: "To", type: "date" },
];

/** The audit log's filters; applied on submit so typing does not fire a query per keystroke. */
export function AuditFilters({ value, onApply }: { value: AuditEventsFilter; onApply: (filter: AuditEventsFilter) => void }) {
  const [draft, setDraft] = useState<AuditEventsFilter>(value);
  const invalidPeriod = !!draft.from && !!draft.to && draft.from > draft.to;
  const active = Object.values(value).some(Boolean);
  return (
    <form
      role="search"
      aria-label="Filter events"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalidPeriod) onApply(Object.fromEntries(Object.entries(draft).filter(([, v]) => v?.trim())));
      }}
      className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,1fr))_9.5rem_9.5rem_auto] lg:items-end"
    >
      {FIELDS.map((f) => (
        <label key={f.key} className="block text-[13px] font-medium text-gray-700" title={f.hint}>
          {f.label}
          <input
            type={f.type}
            name={f.key}
            value={draft[f.key] ?? ""}
            placeholder={f.placeholder}
            onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
            aria-invalid={f.key === "to" && invalidPeriod ? true : undefined}
            className={`${TEXT_FIELD} ${f.type === "text" ? "font-mono" : ""}`}
          />
        </label>
      ))}
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={invalidPeriod}
          className={PRIMARY_BUTTON}
        >
          Filter
        </button>
        {active && (
          <button
            type="button"
            onClick={() => {
              setDraft({});
              onApply({});
            }}
            className={SECONDARY_BUTTON}
          >
            Clear
          </button>
        )}
      </div>
      {invalidPeriod && (
        <p role="alert" className="text-[13px] text-red-700 sm:col-span-2 lg:col-span-6">
          The “From” date must be on or before the “To” date.
        </p>
      )}
    </form>
  );
}
