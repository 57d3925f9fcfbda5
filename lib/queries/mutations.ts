import { mutationOptions, type QueryClient } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";
import { consoleKeys } from "./keys";
import type { DecisionInput, DecisionResult } from "./types";

/** After any change to a request: its page, every queue tab and the audit log are out of date. */
async function invalidateRequest(queryClient: QueryClient, requestId: string) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: consoleKeys.request(requestId) }),
    queryClient.invalidateQueries({ queryKey: consoleKeys.queues() }),
    queryClient.invalidateQueries({ queryKey: consoleKeys.audit() }),
  ]);
}

export function decideMutation(queryClient: QueryClient, requestId: string) {
  return mutationOptions({
    mutationKey: [...consoleKeys.request(requestId), "decide"],
    mutationFn: (input: DecisionInput) =>
      fetchJson<DecisionResult>(`/api/console/requests/${encodeURIComponent(requestId)}/decisions`, {
        method: "POST",
        json: { outcome: input.outcome, ...(input.reason?.trim() && { reason: input.reason.trim() }) },
      }),
    // Refresh even on refusal: a 409 usually means someone else decided first.
    onSettled: () => invalidateRequest(queryClient, requestId),
  });
}

export function commentMutation(queryClient: QueryClient, requestId: string) {
  return mutationOptions({
    mutationKey: [...consoleKeys.request(requestId), "comment"],
    mutationFn: (body: string) =>
      fetchJson<{ id: string }>(`/api/console/requests/${encodeURIComponent(requestId)}/comments`, { method: "POST", json: { body } }),
    onSuccess: () => invalidateRequest(queryClient, requestId),
  });
}
