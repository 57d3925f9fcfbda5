"use client";

import { useEffect, useState } from "react";
import { MAX_QUEUE_SEARCH_LENGTH, QUEUE_TEXT_KEYS, type QueueSearch, type QueueSort, type QueueView } from "@/lib/domain/queue-search";
import type { QueueCounts, RiskLevel } from "@/lib/queries";
import { SECONDARY_BUTTON, TEXT_FIELD } from "./control-styles";
import { useDebouncedValue } from "./use-debounced-value";

type TextKey = (typeof QUEUE_TEXT_KEYS)[number];
type Draft = Partial<Record<TextKey, string>>;

const TEXT_FILTERS: { key: Exclude<TextKey, "q">; label: string; placeholder: string }[] = [
  { key: "agent", label: "Agent", placeholder: "Agent name" },
  { key: "action", label: "Action", placeholder: "e.g. db.export" },
  { key: "resource", label: "Resource", placeholder: "Part of the resource" },
  { key: "environment", label: "Environment", placeholder: "e.g. production" },
  { key: "rule", label: "Policy rule", placeholder: "Rule name, or default" },
];

const STATUSES = ["pending", "approved", "rejected", "expired", "cancelled", "executed", "failed"] as const;
const RISKS: { level: RiskLevel; label: string }[] = [
  { level: "high", label: "High" },
  { level: "medium", label: "Medium" },
  { level: "low", label: "Low" },
  { level: "none", label: "None" },
];
const AGES = [
  { age: "1h", label: "Last hour" },
  { age: "24h", label: "Last 24 hours" },
  { age: "7d", label: "Last 7 days" },
  { age: "30d", label: "Last 30 days" },
] as const;
const SORTS: { sort: QueueSort; label: string }[] = [
  { sort: "urgency", label: "Time left (soonest first)" },
  { sort: "newest", label: "Newest first" },
  { sort: "oldest", label: "Oldest first" },
  { sort: "risk", label: "Risk (highest first)" },
];

const SELECT = `${TEXT_FIELD} pr-7`;
const LABEL = "block text-[13px] font-medium text-gray-700";

/**
 * The queue's search and filters. Text applies as you type (after a pause), choices at once; the
 * page keeps all of it in its address. On a phone the filters fold behind one button; the search
 * field stays.
 */
export function QueueFilters({ view, counts, onChange }: { view: QueueView; counts: QueueCounts["risk"] | null; onChange: (view: QueueView) => void }) {
  const [draft, setDraft] = useState<Draft>(() => pickText(view.search));
  const [open, setOpen] = useState(false);
  const settled = useDebouncedValue(draft, 300);
  const active = Object.entries(view.search).filter(([key, value]) => key !== "q" && value).length;

  useEffect(() => {
    const current = pickText(view.search);
    if (sameText(settled, current)) return;
    onChange({ ...view, search: { ...withoutText(view.search), ...clean(settled) } });
    // Only a settled draft starts a search; the view it changes is read fresh from the address.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled]);

  const set = (patch: Partial<QueueSearch>) => onChange({ ...view, search: clean({ ...view.search, ...patch }) });

  return (
    <form role="search" aria-label="Search and filter requests" onSubmit={(e) => e.preventDefault()} className="space-y-3">
      <div className="flex gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor="queue-search" className="sr-only">
            Search requests
          </label>
          <input
            id="queue-search"
            type="search"
            value={draft.q ?? ""}
            maxLength={MAX_QUEUE_SEARCH_LENGTH}
            placeholder="Search summary, agent, action or resource"
            onChange={(e) => setDraft({ ...draft, q: e.target.value })}
            className={`${TEXT_FIELD} mt-0`}
          />
        </div>
        <button type="button" aria-expanded={open} aria-controls="queue-filter-fields" onClick={() => setOpen(!open)} className={`${SECONDARY_BUTTON} sm:hidden`}>
          Filters{active > 0 ? ` (${active})` : ""}
        </button>
      </div>
      <div id="queue-filter-fields" className={`${open ? "grid" : "hidden"} grid-cols-1 gap-3 sm:grid sm:grid-cols-3 lg:grid-cols-6`}>
        {TEXT_FILTERS.map((f) => (
          <label key={f.key} className={LABEL}>
            {f.label}
            <input
              type="text"
              value={draft[f.key] ?? ""}
              maxLength={MAX_QUEUE_SEARCH_LENGTH}
              placeholder={f.placeholder}
              onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
              className={TEXT_FIELD}
            />
          </label>
        ))}
        <div>
          {/* Named by a label of its own: wrapped, the label's name would include every option's text. */}
          <label htmlFor="queue-status" className={LABEL}>
            Status
          </label>
          <select id="queue-status" value={view.search.status ?? ""} onChange={(e) => set({ status: (e.target.value || undefined) as QueueSearch["status"] })} className={SELECT}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s[0]!.toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="queue-risk" className={LABEL}>
            Risk
          </label>
          <select id="queue-risk" value={view.search.risk ?? ""} onChange={(e) => set({ risk: (e.target.value || undefined) as RiskLevel | undefined })} className={SELECT}>
            <option value="">Any risk</option>
            {RISKS.map((r) => (
              <option key={r.level} value={r.level}>
                {r.label}
                {counts ? ` (${counts[r.level]})` : ""}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="queue-age" className={LABEL}>
            Age
          </label>
          <select id="queue-age" value={view.search.age ?? ""} onChange={(e) => set({ age: (e.target.value || undefined) as QueueSearch["age"] })} className={SELECT}>
            <option value="">Any time</option>
            {AGES.map((a) => (
              <option key={a.age} value={a.age}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="queue-sort" className={LABEL}>
            Sort by
          </label>
          <select id="queue-sort" value={view.sort} onChange={(e) => onChange({ ...view, sort: e.target.value as QueueSort })} className={SELECT}>
            {SORTS.map((s) => (
              <option key={s.sort} value={s.sort}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        {(active > 0 || view.search.q) && (
          <div className="flex items-end">
            <button
              type="button"
              onClick={() => {
                setDraft({});
                onChange({ ...view, search: {} });
              }}
              className={SECONDARY_BUTTON}
            >
              Clear filters
            </button>
          </div>
        )}
      </div>
    </form>
  );
}

function pickText(search: QueueSearch): Draft {
  return Object.fromEntries(QUEUE_TEXT_KEYS.filter((key) => search[key]).map((key) => [key, search[key]]));
}

function withoutText(search: QueueSearch): QueueSearch {
  return Object.fromEntries(Object.entries(search).filter(([key]) => !(QUEUE_TEXT_KEYS as readonly string[]).includes(key)));
}

/** Blank values are no filter at all. */
function clean<T extends object>(search: T): T {
  return Object.fromEntries(Object.entries(search).filter(([, value]) => typeof value === "string" && value.trim())) as T;
}

function sameText(a: Draft, b: Draft): boolean {
  return QUEUE_TEXT_KEYS.every((key) => (a[key]?.trim() ?? "") === (b[key]?.trim() ?? ""));
}
