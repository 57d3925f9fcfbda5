"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { removeWebhookMutation, webhooksQuery, type AddedWebhook } from "@/lib/queries";
import { Card } from "../card";
import { DANGER_BUTTON, SECONDARY_BUTTON } from "../control-styles";
import { CopyButton } from "../copy-button";
import { ErrorPanel } from "../error-panel";
import { ListSkeleton } from "../list-skeleton";
import { AddChatTargetForm } from "./add-chat-target-form";
import { AddWebhookForm } from "./add-webhook-form";
import { TeamsConversations } from "./teams-conversations";
import { WebhookDeliveries } from "./webhook-deliveries";

/**
 * Outbound webhooks: the key receivers verify with, the subscriptions, and for each its deliveries
 * and attempts. An HMAC secret made here lives only in this component's state until it is dismissed.
 */
export function WebhooksView() {
  const queryClient = useQueryClient();
  const webhooks = useQuery(webhooksQuery());
  const remove = useMutation(removeWebhookMutation(queryClient));
  const [secret, setSecret] = useState<AddedWebhook | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="space-y-5">
      {secret?.secret && (
        <section aria-labelledby="new-secret-heading" role="status" className="rounded-lg border border-green-300 bg-green-50 px-4 py-3 text-green-950 shadow-xs">
          <h2 id="new-secret-heading" className="font-semibold">
            Signing secret for {secret.url}
          </h2>
          <p className="mt-1 text-[13px]">Give it to the receiver now: it is shown only this once, and Countersign keeps it only encrypted.</p>
          <div className="mt-2 flex items-center gap-2">
            <code aria-label="Signing secret" className="min-w-0 flex-1 rounded-md border border-green-200 bg-white px-2 py-1.5 font-mono text-[12.5px] break-all select-all text-gray-900">
              {secret.secret}
            </code>
            <CopyButton value={secret.secret} label="Copy signing secret" />
          </div>
          <button type="button" onClick={() => setSecret(null)} className={`${SECONDARY_BUTTON} mt-3`}>
            I have copied it
          </button>
        </section>
      )}
      <AddWebhookForm onAdded={(webhook) => setSecret(webhook)} />
      <AddChatTargetForm />
      <TeamsConversations />
      <Card id="webhooks" title={webhooks.data ? `Webhooks (${webhooks.data.webhooks.length})` : "Webhooks"} flush>
        {webhooks.isPending ? (
          <ListSkeleton rows={3} label="Loading webhooks…" />
        ) : webhooks.isError ? (
          <div className="p-4">
            <ErrorPanel error={webhooks.error} title="The webhooks could not be loaded" onRetry={() => webhooks.refetch()} />
          </div>
        ) : (
          <>
            <div className="flex flex-wrap items-center gap-2 border-b border-gray-200 px-4 py-3 text-[13px]">
              <span className="font-medium text-gray-700">Public key (v1a)</span>
              <code aria-label="Webhook public key" className="min-w-0 flex-1 font-mono text-[12.5px] break-all text-gray-900">
                {webhooks.data.publicKey}
              </code>
              <CopyButton value={webhooks.data.publicKey} label="Copy webhook public key" />
            </div>
            {remove.isError && (
              <div className="px-4 pt-3">
                <ErrorPanel compact error={remove.error} title="The webhook was not removed" />
              </div>
            )}
            {webhooks.data.webhooks.length === 0 ? (
              <p className="px-4 py-6 text-center text-gray-600">No webhooks yet. Add one above; deliveries start with the next event.</p>
            ) : (
              <ul className="divide-y divide-gray-200">
                {webhooks.data.webhooks.map((webhook) => (
                  <li key={webhook.id} className="space-y-2 px-4 py-3">
                    <div className="flex flex-wrap items-start gap-x-4 gap-y-2">
                      <div className="min-w-0 flex-[1_1_16rem]">
                        <p className="font-mono text-[13px] break-all text-gray-900">{webhook.url}</p>
                        <p className="text-xs text-gray-600">
                          {webhook.kind === "webhook"
                            ? `${webhook.events.length ? webhook.events.join(", ") : "every event"} · ${webhook.signing === "hmac" ? "HMAC (v1)" : "Ed25519 (v1a)"}`
                            : `${webhook.kind === "slack" ? "Slack channel" : "Teams conversation"}: requests posted and updated`}{" "}
                          · {webhook.deliveries.delivered} delivered,{" "}
                          {webhook.deliveries.pending} pending, <span className={webhook.deliveries.dead ? "font-semibold text-red-800" : ""}>{webhook.deliveries.dead} dead</span>
                        </p>
                      </div>
                      <div className="flex gap-2">
                        <button type="button" className={SECONDARY_BUTTON} aria-expanded={open === webhook.id} onClick={() => setOpen(open === webhook.id ? null : webhook.id)}>
                          {open === webhook.id ? "Hide deliveries" : "Deliveries"}
                        </button>
                        <button type="button" className={DANGER_BUTTON} disabled={remove.isPending} onClick={() => remove.mutate(webhook.id)} aria-label={`Remove webhook ${webhook.url}`}>
                          Remove
                        </button>
                      </div>
                    </div>
                    {open === webhook.id && <WebhookDeliveries webhookId={webhook.id} />}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </Card>
    </div>
  );
}
