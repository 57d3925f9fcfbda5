"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { createAgentMutation, type CreatedAgent } from "@/lib/queries";
import { Card } from "../card";
import { PRIMARY_BUTTON, TEXT_FIELD } from "../control-styles";
import { ErrorPanel } from "../error-panel";

/** A new agent identity with its owner: the person answerable for it, who may never approve its requests. */
export function CreateAgentForm({ onCreated }: { onCreated: (agent: CreatedAgent) => void }) {
  const queryClient = useQueryClient();
  const create = useMutation(createAgentMutation(queryClient));
  const [name, setName] = useState("");
  const [ownerEmail, setOwnerEmail] = useState("");
  const nameId = useId();
  const ownerId = useId();
  const ownerHintId = useId();
  return (
    <Card id="create-agent" title="Create an agent">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            { name: name.trim(), ownerEmail: ownerEmail.trim() },
            {
              onSuccess: (agent) => {
                setName("");
                setOwnerEmail("");
                onCreated(agent);
              },
            },
          );
        }}
        className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      >
        <div>
          <label htmlFor={nameId} className="block text-[13px] font-medium text-gray-900">
            Agent name
          </label>
          <input id={nameId} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} className={TEXT_FIELD} placeholder="deploy-bot" autoComplete="off" />
        </div>
        <div>
          <label htmlFor={ownerId} className="block text-[13px] font-medium text-gray-900">
            Owner email
          </label>
          <input
            id={ownerId}
            type="email"
            required
            value={ownerEmail}
            onChange={(e) => setOwnerEmail(e.target.value)}
            aria-describedby={ownerHintId}
            className={TEXT_FIELD}
            placeholder="owner@example.com"
            autoComplete="off"
          />
        </div>
        <button type="submit" disabled={create.isPending} className={PRIMARY_BUTTON}>
          {create.isPending ? "Creating…" : "Create agent"}
        </button>
        <p id={ownerHintId} className="text-xs text-gray-500 sm:col-span-3">
          The owner answers for the agent and can never approve its requests. The key is shown once, after creation.
        </p>
        {create.isError && (
          <div className="sm:col-span-3">
            <ErrorPanel compact error={create.error} title="The agent was not created" />
          </div>
        )}
      </form>
    </Card>
  );
}
