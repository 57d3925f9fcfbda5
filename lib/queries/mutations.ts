import { mutationOptions, type QueryClient } from "@tanstack/react-query";
import { fetchConsole, fetchJson } from "./fetch-json";
import { consoleKeys } from "./keys";
import { evidencePackUrl } from "./queries";
import type {
  AgentInput,
  BulkRejectOutcome,
  CommentInput,
  ConfirmationResult,
  CreatedAgent,
  DecisionInput,
  DecisionResult,
  FreezeState,
  PolicyDraftTrial,
  ProposedPolicyChange,
  RevokedAgent,
  RotatedKey,
  TestRequest,
  AddedWebhook,
  WebhookInput,
  ChatTargetInput,
} from "./types";

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

/** Bulk reject: one reason for every selected request; the answer says, per request, whether it was rejected. */
export function bulkRejectMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: [...consoleKeys.queues(), "bulk-reject"],
    mutationFn: (input: { ids: string[]; reason: string }) =>
      fetchJson<{ outcomes: BulkRejectOutcome[] }>("/api/console/queue/rejections", { method: "POST", json: { ids: input.ids, reason: input.reason.trim() } }),
    onSettled: () =>
      Promise.all([consoleKeys.queues(), consoleKeys.requests(), consoleKeys.audit()].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
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
    mutationFn: (input: CommentInput) =>
      fetchJson<{ id: string; mentions: string[] }>(`/api/console/requests/${encodeURIComponent(requestId)}/comments`, {
        method: "POST",
        json: { body: input.body, ...(input.replyTo && { replyTo: input.replyTo }) },
      }),
    onSuccess: () => invalidateRequest(queryClient, requestId),
  });
}

/** Marks a question (a thread's first comment) answered. */
export function resolveCommentMutation(queryClient: QueryClient, requestId: string) {
  return mutationOptions({
    mutationKey: [...consoleKeys.request(requestId), "resolve-comment"],
    mutationFn: (commentId: string) =>
      fetchJson<{ id: string; resolved: true }>(
        `/api/console/requests/${encodeURIComponent(requestId)}/comments/${encodeURIComponent(commentId)}/resolution`,
        { method: "POST" },
      ),
    onSettled: () => invalidateRequest(queryClient, requestId),
  });
}

/** The viewer has seen the request up to an event; their notifications about it are read too. */
export function recordViewMutation(queryClient: QueryClient, requestId: string) {
  return mutationOptions({
    mutationKey: [...consoleKeys.request(requestId), "view"],
    mutationFn: (seenEventId: number) =>
      fetchJson<{ lastEventId: number }>(`/api/console/requests/${encodeURIComponent(requestId)}/views`, { method: "POST", json: { seenEventId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: consoleKeys.notifications() }),
  });
}

export function markNotificationsReadMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: [...consoleKeys.notifications(), "read"],
    mutationFn: () => fetchJson<{ marked: number }>("/api/console/notifications/read", { method: "POST" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: consoleKeys.notifications() }),
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

const agentUrl = (agentId: string, part: "key" | "revocation") => `/api/console/agents/${encodeURIComponent(agentId)}/${part}`;

/** Agent changes are events too: the list and the audit log both move. */
const invalidateAgents = (queryClient: QueryClient) =>
  Promise.all([queryClient.invalidateQueries({ queryKey: consoleKeys.agents() }), queryClient.invalidateQueries({ queryKey: consoleKeys.audit() })]);

export function createAgentMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: [...consoleKeys.agents(), "create"],
    mutationFn: (input: AgentInput) => fetchJson<CreatedAgent>("/api/console/agents", { method: "POST", json: input }),
    onSuccess: () => invalidateAgents(queryClient),
  });
}

export function rotateKeyMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: [...consoleKeys.agents(), "rotate"],
    mutationFn: (agentId: string) => fetchJson<RotatedKey>(agentUrl(agentId, "key"), { method: "POST" }),
    onSettled: () => invalidateAgents(queryClient),
  });
}

export function revokeAgentMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: [...consoleKeys.agents(), "revoke"],
    mutationFn: (agentId: string) => fetchJson<RevokedAgent>(agentUrl(agentId, "revocation"), { method: "POST" }),
    // Revoking cancels the agent's pending requests: the queues change as well.
    onSettled: () => Promise.all([invalidateAgents(queryClient), queryClient.invalidateQueries({ queryKey: consoleKeys.queues() })]),
  });
}

/** Freezes (with a message) or thaws; every open page's banner reads the same query. */
export function freezeMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: [...consoleKeys.freeze(), "switch"],
    mutationFn: (input: { frozen: true; message: string } | { frozen: false }) => fetchJson<FreezeState>("/api/console/freeze", { method: "POST", json: input }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: consoleKeys.freeze() }),
        queryClient.invalidateQueries({ queryKey: consoleKeys.requests() }),
        queryClient.invalidateQueries({ queryKey: consoleKeys.audit() }),
      ]),
  });
}

/** Subscription changes are events too: the list and the audit log both move. */
const invalidateWebhooks = (queryClient: QueryClient) =>
  Promise.all([queryClient.invalidateQueries({ queryKey: consoleKeys.webhooks() }), queryClient.invalidateQueries({ queryKey: consoleKeys.audit() })]);

export function addWebhookMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: [...consoleKeys.webhooks(), "add"],
    mutationFn: (input: WebhookInput) => fetchJson<AddedWebhook>("/api/console/admin/webhooks", { method: "POST", json: input }),
    onSuccess: () => invalidateWebhooks(queryClient),
  });
}

/** A chat channel is one more subscription: it appears in the same list, with the same deliveries. */
export function addChatTargetMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: [...consoleKeys.webhooks(), "add-chat"],
    mutationFn: (input: ChatTargetInput) => fetchJson<{ id: string }>("/api/console/admin/chat-targets", { method: "POST", json: input }),
    onSuccess: () => invalidateWebhooks(queryClient),
  });
}

export function removeWebhookMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: [...consoleKeys.webhooks(), "remove"],
    mutationFn: (webhookId: string) => fetchJson<{ id: string }>(`/api/console/admin/webhooks/${encodeURIComponent(webhookId)}/removal`, { method: "POST" }),
    onSettled: () => invalidateWebhooks(queryClient),
  });
}

/** Sends a dead letter again; its subscription's deliveries and counts move. */
export function replayDeliveryMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: [...consoleKeys.webhooks(), "replay"],
    mutationFn: (deliveryId: string) => fetchJson<{ id: string }>(`/api/console/admin/webhook-deliveries/${encodeURIComponent(deliveryId)}/replay`, { method: "POST" }),
    onSettled: () => invalidateWebhooks(queryClient),
  });
}
