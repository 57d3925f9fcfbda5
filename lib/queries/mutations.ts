import { mutationOptions, type QueryClient } from "@tanstack/react-query";
import { fetchConsole, fetchJson } from "./fetch-json";
import { consoleKeys } from "./keys";
import { evidencePackUrl } from "./queries";
import type { ConfirmationResult, DecisionInput, DecisionResult, PolicyDraftTrial, ProposedPolicyChange, TestRequest } from "./types";

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

/** A confirmation, in the follow-up review, of the request's break-glass approval. */
export function confirmBreakGlassMutation(queryClient: QueryClient, requestId: string) {
  return mutationOptions({
    mutationKey: [...consoleKeys.request(requestId), "confirm-break-glass"],
    mutationFn: () => fetchJson<ConfirmationResult>(`/api/console/requests/${encodeURIComponent(requestId)}/break-glass-confirmations`, { method: "POST" }),
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

/** A downloaded evidence pack, ready to hand to the browser as a file. */
export type EvidencePackFile = { blob: Blob; filename: string };

/** The file name from `Content-Disposition: attachment; filename="…"`, or a safe default. */
export function attachmentFilename(disposition: string | null, fallback: string): string {
  const name = disposition && /filename="([^"/\\]+)"/.exec(disposition)?.[1];
  return name || fallback;
}

/**
 * Fetches the pack rather than following a link, so a refusal (an expired session, a bad period) is shown
 * as a message instead of being saved as a file. The export is itself an event, so the log refreshes.
 */
export function evidencePackMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: [...consoleKeys.audit(), "evidence-pack"],
    mutationFn: async (period: { from?: string; to?: string }): Promise<EvidencePackFile> => {
      const response = await fetchConsole(evidencePackUrl(period.from, period.to), { headers: { accept: "application/zip, application/problem+json" } });
      return { blob: await response.blob(), filename: attachmentFilename(response.headers.get("content-disposition"), "countersign-evidence.zip") };
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: consoleKeys.audit() }),
  });
}

/** Runs the draft over past requests (and a hand-written one); it changes nothing, so nothing is invalidated. */
export function simulatePolicyMutation() {
  return mutationOptions({
    mutationKey: [...consoleKeys.admin(), "simulate"],
    mutationFn: (input: { yaml: string; last: number; test?: TestRequest }) =>
      fetchJson<PolicyDraftTrial>("/api/console/admin/policies/simulate", { method: "POST", json: input }),
  });
}

/** Proposes the draft as a policy change; it then waits in the queue for another administrator. */
export function proposePolicyMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: [...consoleKeys.admin(), "propose"],
    mutationFn: (yaml: string) => fetchJson<ProposedPolicyChange>("/api/console/admin/policies/changes", { method: "POST", json: { yaml } }),
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: consoleKeys.policyVersions() }), queryClient.invalidateQueries({ queryKey: consoleKeys.queues() })]),
  });
}
