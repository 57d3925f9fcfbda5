import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { AuditOverview, AuditPeriodPreset } from "@/lib/domain/audit/overview";
import { isInProgress, type EvidenceExportView } from "@/lib/domain/evidence-exports/evidence-export";
import { fetchJson, isNotFound } from "./fetch-json";
import { consoleKeys } from "./keys";
import type {
  AgentSummary,
  AuditEventPage,
  AuditEventsFilter,
  ChainStatus,
  FreezeState,
  NotificationInbox,
  PolicyDraftCheck,
  PolicyVersions,
  QueueCounts,
  QueuePageResponse,
  QueueView,
  RequestDetail,
  RoleHolder,
  DeliveryView,
  TeamsConversationSummary,
  WebhookList,
} from "./types";

/** How often live views poll, so a new request or another reviewer's decision appears without a reload. */
export const LIVE_REFETCH_MS = 3000;

function withCursor(params: URLSearchParams, cursor: string | null): string {
  if (cursor) params.set("cursor", cursor);
  return params.toString();
}

/** The query string of a queue view: its tab, search and (for pages) order. */
function queueParams(view: QueueView, withSort: boolean): URLSearchParams {
  const params = new URLSearchParams({ filter: view.filter });
  if (withSort) params.set("sort", view.sort);
  for (const [key, value] of Object.entries(view.search)) if (value) params.set(key, value);
  return params;
}

/** How often the queue's tab and risk counts refresh: counting every request costs more than a page, and a count can lag a little. */
export const QUEUE_COUNTS_REFETCH_MS = 15_000;

/** The queue's tab and risk counts under a view's search. */
export function queueCountsQuery(view: QueueView) {
  const { sort: _sort, ...counted } = view;
  return queryOptions({
    queryKey: consoleKeys.queueCounts(counted),
    queryFn: ({ signal }) => fetchJson<QueueCounts>(`/api/console/queue/counts?${queueParams(view, false)}`, { signal }),
    refetchInterval: QUEUE_COUNTS_REFETCH_MS,
    placeholderData: (previous) => previous,
  });
}

/** A queue view (tab, search, sort), page by page ("Show more"); every loaded page is refreshed at the live rate. */
export function queueQuery(view: QueueView) {
  return infiniteQueryOptions({
    queryKey: consoleKeys.queue(view),
    queryFn: ({ pageParam, signal }) => fetchJson<QueuePageResponse>(`/api/console/queue?${withCursor(queueParams(view, true), pageParam)}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval: LIVE_REFETCH_MS,
    staleTime: 0,
  });
}

export function requestQuery(id: string) {
  return queryOptions({
    queryKey: consoleKeys.request(id),
    queryFn: ({ signal }) => fetchJson<RequestDetail>(`/api/console/requests/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: (query) => (isNotFound(query.state.error) ? false : LIVE_REFETCH_MS),
    // A missing request will not appear by asking again.
    retry: (failures, error) => !isNotFound(error) && failures < 1,
    staleTime: 0,
  });
}

/** `YYYY-MM-DD` (the viewer's calendar day) to the instant that day starts, in the viewer's time zone. */
export function startOfLocalDay(date: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** The instant after the given local day ends, so a `to` date includes the whole day. */
export function endOfLocalDay(date: string): Date | null {
  const start = startOfLocalDay(date);
  return start && new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
}

/** Query string for a period given as local `YYYY-MM-DD` dates, `to` inclusive. */
export function periodParams(from: string | undefined, to: string | undefined): URLSearchParams {
  const params = new URLSearchParams();
  const start = from ? startOfLocalDay(from) : null;
  const end = to ? endOfLocalDay(to) : null;
  if (start) params.set("from", start.toISOString());
  if (end) params.set("to", end.toISOString());
  return params;
}

export function auditEventsUrl(filter: AuditEventsFilter, cursor: string | null = null): string {
  const params = periodParams(filter.from, filter.to);
  for (const key of ["type", "streamId", "actor"] as const) {
    const value = filter[key]?.trim();
    if (value) params.set(key, value);
  }
  const query = withCursor(params, cursor);
  return `/api/console/audit/events${query ? `?${query}` : ""}`;
}

/** The audit log, newest first, page by page ("Show older events"). */
export function auditEventsQuery(filter: AuditEventsFilter) {
  return infiniteQueryOptions({
    queryKey: consoleKeys.auditEvents(filter),
    queryFn: ({ pageParam, signal }) => fetchJson<AuditEventPage>(auditEventsUrl(filter, pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval: 10_000,
    staleTime: 0,
  });
}

/** Verification re-hashes the whole log, so it runs on open and once a minute, not at the live rate. */
export function chainStatusQuery() {
  return queryOptions({
    queryKey: consoleKeys.chainStatus(),
    queryFn: ({ signal }) => fetchJson<ChainStatus>("/api/console/audit/verification", { signal }),
    refetchInterval: 60_000,
    staleTime: 0,
  });
}

/** The overview's figures for a period ending now; they move slowly, so a minute's refresh will do. */
export function auditOverviewQuery(period: AuditPeriodPreset) {
  return queryOptions({
    queryKey: consoleKeys.auditOverview(period),
    queryFn: ({ signal }) => fetchJson<AuditOverview>(`/api/console/audit/overview?period=${period}`, { signal }),
    refetchInterval: 60_000,
    staleTime: 0,
  });
}

/** The viewer's background exports: polled every second while one is being built, not otherwise. */
export function evidenceExportsQuery() {
  return queryOptions({
    queryKey: consoleKeys.evidenceExports(),
    queryFn: ({ signal }) => fetchJson<EvidenceExportView[]>("/api/console/evidence-exports", { signal }),
    refetchInterval: (query) => (query.state.data?.some((e) => isInProgress(e.status)) ? 1_000 : false),
    staleTime: 0,
  });
}

export function evidencePackUrl(from: string | undefined, to: string | undefined): string {
  const query = periodParams(from, to).toString();
  return `/api/console/evidence-pack${query ? `?${query}` : ""}`;
}

/** Every version of the policy and the changes waiting for a second administrator. */
export function policyVersionsQuery() {
  return queryOptions({
    queryKey: consoleKeys.policyVersions(),
    queryFn: ({ signal }) => fetchJson<PolicyVersions>("/api/console/admin/policies", { signal }),
    refetchInterval: 10_000,
    staleTime: 0,
  });
}

/**
 * The editor's validation and lint of a draft: keyed by the text, so each distinct draft is checked
 * once and an answer for an older draft never replaces the newer one's. The editor debounces the text.
 */
export function policyDraftCheckQuery(yaml: string) {
  return queryOptions({
    queryKey: consoleKeys.policyDraft("check", yaml),
    queryFn: ({ signal }) => fetchJson<PolicyDraftCheck>("/api/console/admin/policies/check", { method: "POST", json: { yaml }, signal }),
    staleTime: 30_000,
    retry: false,
  });
}

/** Who holds which role, from the last sign-ins. */
export function roleHoldersQuery() {
  return queryOptions({
    queryKey: consoleKeys.roleHolders(),
    queryFn: ({ signal }) => fetchJson<{ people: RoleHolder[] }>("/api/console/admin/roles", { signal }),
    refetchInterval: 30_000,
    staleTime: 0,
  });
}

/** Administrators' agent list; refreshed now and then so "last used" moves while the page is open. */
export function agentsQuery() {
  return queryOptions({
    queryKey: consoleKeys.agents(),
    queryFn: async ({ signal }) => (await fetchJson<{ agents: AgentSummary[] }>("/api/console/agents", { signal })).agents,
    refetchInterval: 30_000,
    staleTime: 0,
  });
}

/** The freeze switch, polled so a freeze (or thaw) from elsewhere reaches every open page. */
export function freezeQuery() {
  return queryOptions({
    queryKey: consoleKeys.freeze(),
    queryFn: ({ signal }) => fetchJson<FreezeState>("/api/console/freeze", { signal }),
    refetchInterval: 15_000,
    staleTime: 0,
  });
}

/** The signed-in person's inbox (mentions, replies), polled from every page's header. */
export function notificationsQuery() {
  return queryOptions({
    queryKey: consoleKeys.notifications(),
    queryFn: ({ signal }) => fetchJson<NotificationInbox>("/api/console/notifications", { signal }),
    refetchInterval: 10_000,
    staleTime: 0,
  });
}

/** Administrators' webhook subscriptions, with how their deliveries stand. */
export function webhooksQuery() {
  return queryOptions({
    queryKey: consoleKeys.webhooks(),
    queryFn: ({ signal }) => fetchJson<WebhookList>("/api/console/admin/webhooks", { signal }),
    refetchInterval: 10_000,
    staleTime: 0,
  });
}

/** The Teams conversations the bot was added to, and whether requests are posted to each. */
export function teamsConversationsQuery() {
  return queryOptions({
    queryKey: consoleKeys.teamsConversations(),
    queryFn: async ({ signal }) => (await fetchJson<{ conversations: TeamsConversationSummary[] }>("/api/console/admin/teams-conversations", { signal })).conversations,
    staleTime: 0,
  });
}

/** One subscription's latest deliveries, each with its attempts; refreshed while open, as the worker works. */
export function webhookDeliveriesQuery(webhookId: string) {
  return queryOptions({
    queryKey: consoleKeys.webhookDeliveries(webhookId),
    queryFn: async ({ signal }) => (await fetchJson<{ deliveries: DeliveryView[] }>(`/api/console/admin/webhooks/${encodeURIComponent(webhookId)}/deliveries`, { signal })).deliveries,
    refetchInterval: 5_000,
    staleTime: 0,
  });
}
