"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { addWebhookMutation, type AddedWebhook } from "@/lib/queries";
import { Card } from "../card";
import { PRIMARY_BUTTON, TEXT_FIELD } from "../control-styles";
import { ErrorPanel } from "../error-panel";

/** A new subscription: where events go, which ones, and how they are signed. */
export function AddWebhookForm({ onAdded }: { onAdded: (webhook: AddedWebhook) => void }) {
  const queryClient = useQueryClient();
  const add = useMutation(addWebhookMutation(queryClient));
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState("");
  const [signing, setSigning] = useState<"ed25519" | "hmac">("ed25519");
  const urlId = useId();
  const eventsId = useId();
  const eventsHintId = useId();
  const signingId = useId();
  return (
    <Card id="add-webhook" title="Add a webhook">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate(
            { url: url.trim(), events: events.trim(), signing },
            {
              onSuccess: (webhook) => {
                setUrl("");
                setEvents("");
                onAdded(webhook);
              },
            },
          );
        }}
        className="grid gap-3 sm:grid-cols-[2fr_1.5fr_1fr_auto] sm:items-end"
      >
        <div>
          <label htmlFor={urlId} className="block text-[13px] font-medium text-gray-900">
            URL
          </label>
          <input id={urlId} type="url" required maxLength={2000} value={url} onChange={(e) => setUrl(e.target.value)} className={TEXT_FIELD} placeholder="https://hooks.example.com/countersign" autoComplete="off" />
        </div>
        <div>
          <label htmlFor={eventsId} className="block text-[13px] font-medium text-gray-900">
            Events
          </label>
          <input
            id={eventsId}
            value={events}
            onChange={(e) => setEvents(e.target.value)}
            aria-describedby={eventsHintId}
            className={TEXT_FIELD}
            placeholder="request.created, decision.*"
            autoComplete="off"
          />
        </div>
        <div>
          <label htmlFor={signingId} className="block text-[13px] font-medium text-gray-900">
            Signing
          </label>
          <select id={signingId} value={signing} onChange={(e) => setSigning(e.target.value === "hmac" ? "hmac" : "ed25519")} className={TEXT_FIELD}>
            <option value="ed25519">Ed25519 (v1a)</option>
            <option value="hmac">HMAC secret (v1)</option>
          </select>
        </div>
        <button type="submit" disabled={add.isPending} className={PRIMARY_BUTTON}>
          {add.isPending ? "Adding…" : "Add webhook"}
        </button>
        <p id={eventsHintId} className="text-xs text-gray-500 sm:col-span-4">
          Event types separated by commas, or a prefix such as <code>request.*</code>; empty sends every event. Deliveries follow Standard Webhooks and carry the event as the
          log holds it, masked.
        </p>
        {add.isError && (
          <div className="sm:col-span-4">
            <ErrorPanel compact error={add.error} title="The webhook was not added" />
          </div>
        )}
      </form>
    </Card>
  );
}
