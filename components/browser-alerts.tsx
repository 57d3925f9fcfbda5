"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { fetchJson } from "@/lib/queries/fetch-json";
import { LIVE_REFETCH_MS } from "@/lib/queries/queries";
import type { QueuePageResponse, RequestDetail } from "@/lib/queries";
import { useBrowserAlerts } from "./use-browser-alerts";

/**
 * While the person has browser notifications on, watches the requests waiting for them, newest first
 * (so a new arrival is always on the first page), at the live rate, and shows a notification for each
 * one that newly arrives and that they may decide (the request page's own verdict, so separation of
 * duties holds here too). Requests already waiting when the page opened are not announced. Renders
 * nothing.
 */
export function BrowserAlerts() {
  const { state } = useBrowserAlerts();
  const on = state === "on";
  const waiting = useQuery({
    queryKey: ["console", "browser-alerts", "waiting"],
    queryFn: ({ signal }) => fetchJson<QueuePageResponse>("/api/console/queue?filter=waiting&sort=newest", { signal }),
    refetchInterval: LIVE_REFETCH_MS,
    enabled: on,
  });
  const seen = useRef<Set<string> | null>(null);

  useEffect(() => {
    if (!on) seen.current = null;
  }, [on]);

  useEffect(() => {
    const items = waiting.data?.items;
    if (!on || !items) return;
    if (seen.current === null) {
      seen.current = new Set(items.map((i) => i.id));
      return;
    }
    const known = seen.current;
    for (const item of items) {
      if (known.has(item.id)) continue;
      known.add(item.id);
      void fetchJson<RequestDetail>(`/api/console/requests/${encodeURIComponent(item.id)}`).then(
        (detail) => {
          if (!detail.viewer.canDecide) return;
          const notification = new Notification(`Waiting for you: ${detail.summary}`, {
            body: `${detail.agent.name} · ${detail.action} on ${detail.resource} (${detail.environment})`,
            tag: `countersign-request-${detail.id}`,
          });
          notification.onclick = () => {
            window.focus();
            window.location.assign(`/requests/${detail.id}`);
          };
        },
        // A request that cannot be read now is simply not announced.
        () => undefined,
      );
    }
  }, [on, waiting.data]);

  return null;
}
