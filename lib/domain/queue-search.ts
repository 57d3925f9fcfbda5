import { RISK_LEVELS, type RiskLevel } from "./request/assess-risk";
import { REQUEST_STATUSES, type RequestStatus } from "./request-status";

/**
 * The queue's tabs. `waiting`: pending requests the signed-in person may decide now and has not
 * (canDecide's rules, asked of PostgreSQL); `approved-by-me`: those they approved; `follow-up`:
 * break-glass approvals whose follow-up review still waits for confirmations.
 */
export const QUEUE_FILTERS = ["waiting", "pending", "decided", "follow-up", "approved-by-me", "all"] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

/** Urgency: soonest to expire first; newest/oldest: by arrival; risk: highest first, newest first within a level. */
export const QUEUE_SORTS = ["urgency", "newest", "oldest", "risk"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** How recent a request must be: created within the last hour, day, week or month. */
export const QUEUE_AGES = { "1h": 3600, "24h": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400 } as const;
export type QueueAge = keyof typeof QUEUE_AGES;

/** The narrowing a reviewer can apply on top of a tab, each kept in the page's address. */
export type QueueSearch = {
  /** Substring of the summary, agent name, action or resource, case-insensitive. */
  q?: string;
  agent?: string;
  action?: string;
  /** Substring of the resource. */
  resource?: string;
  environment?: string;
  status?: RequestStatus;
  rule?: string;
  risk?: RiskLevel;
  age?: QueueAge;
};

export const QUEUE_TEXT_KEYS = ["q", "agent", "action", "resource", "environment", "rule"] as const;

/** The longest search text kept: enough for any summary fragment, short enough to stay a cheap query. */
export const MAX_QUEUE_SEARCH_LENGTH = 200;

export const defaultSort = (filter: QueueFilter): QueueSort => (filter === "waiting" || filter === "pending" ? "urgency" : "newest");

/** A whole queue view: tab, search and order, as its address holds them. */
export type QueueView = { filter: QueueFilter; search: QueueSearch; sort: QueueSort };

const pick = <T extends string>(allowed: readonly T[], value: string | undefined): T | undefined => allowed.find((a) => a === value);

/**
 * A queue view from its address (`/queue?filter=all&q=churn&risk=high`), so a view can be bookmarked,
 * shared and reloaded. Unknown keys and values are dropped; `fallback` is the tab when none is named.
 */
export function queueViewFromParams(params: Record<string, string | string[] | undefined>, fallback: QueueFilter): QueueView {
  const one = (key: string) => {
    const raw = params[key];
    return (Array.isArray(raw) ? raw[0] : raw)?.trim() || undefined;
  };
  const filter = pick(QUEUE_FILTERS, one("filter")) ?? fallback;
  const search: QueueSearch = {};
  for (const key of QUEUE_TEXT_KEYS) {
    const value = one(key)?.slice(0, MAX_QUEUE_SEARCH_LENGTH);
    if (value) search[key] = value;
  }
  const status = pick(REQUEST_STATUSES, one("status"));
  if (status) search.status = status;
  const risk = pick(RISK_LEVELS, one("risk"));
  if (risk) search.risk = risk;
  const age = pick(Object.keys(QUEUE_AGES) as QueueAge[], one("age"));
  if (age) search.age = age;
  return { filter, search, sort: pick(QUEUE_SORTS, one("sort")) ?? defaultSort(filter) };
}

/** The address parameters of a view, leaving out what is the default (so `/queue` stays `/queue`). */
export function queueViewParams(view: QueueView, fallback: QueueFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (view.filter !== fallback) params.set("filter", view.filter);
  for (const [key, value] of Object.entries(view.search)) if (value) params.set(key, value);
  if (view.sort !== defaultSort(view.filter)) params.set("sort", view.sort);
  return params;
}
