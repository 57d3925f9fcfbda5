import type { AuditEventsFilter } from "./types";

const TEXT_KEYS = ["type", "streamId", "actor"] as const;
const DATE_KEYS = ["from", "to"] as const;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The audit page's filters as they appear in its address (`/audit?type=decision.&from=2026-11-01`), so a
 * filtered view can be bookmarked, shared and reloaded. Unknown keys and malformed dates are dropped.
 */
export function auditFilterFromSearchParams(params: Record<string, string | string[] | undefined>): AuditEventsFilter {
  const filter: AuditEventsFilter = {};
  for (const key of [...TEXT_KEYS, ...DATE_KEYS]) {
    const raw = params[key];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (!value) continue;
    if ((DATE_KEYS as readonly string[]).includes(key) && !LOCAL_DATE.test(value)) continue;
    filter[key] = value;
  }
  return filter;
}

/** The address of the audit page showing `filter`. */
export function auditPageHref(filter: AuditEventsFilter): string {
  const params = new URLSearchParams();
  for (const key of [...TEXT_KEYS, ...DATE_KEYS]) {
    const value = filter[key]?.trim();
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return query ? `/audit?${query}` : "/audit";
}
