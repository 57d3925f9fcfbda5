"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { agentsQuery } from "@/lib/queries";
import { Card } from "../card";
import { ErrorPanel } from "../error-panel";
import { ListSkeleton } from "../list-skeleton";
import { AgentRow } from "./agent-row";
import { CreateAgentForm } from "./create-agent-form";
import { NewKeyPanel } from "./new-key-panel";

/** Agents and their keys. A key made here lives only in this component's state until it is dismissed. */
export function AgentsView() {
  const agents = useQuery(agentsQuery());
  const [newKey, setNewKey] = useState<{ agentName: string; apiKey: string } | null>(null);
  const nameOf = (id: string) => agents.data?.find((agent) => agent.id === id)?.name ?? "the agent";
  return (
    <div className="space-y-5">
      {newKey && <NewKeyPanel agentName={newKey.agentName} apiKey={newKey.apiKey} onDone={() => setNewKey(null)} />}
      <CreateAgentForm onCreated={(agent) => setNewKey({ agentName: agent.name, apiKey: agent.apiKey })} />
      <Card id="agents" title={agents.data ? `Agents (${agents.data.length})` : "Agents"} flush>
        {agents.isPending ? (
          <ListSkeleton rows={3} label="Loading agents…" />
        ) : agents.isError ? (
          <div className="p-4">
            <ErrorPanel error={agents.error} title="The agents could not be loaded" onRetry={() => agents.refetch()} />
          </div>
        ) : agents.data.length === 0 ? (
          <p className="px-4 py-6 text-center text-gray-600">No agents yet. Create one above; it gets its key at once.</p>
        ) : (
          <ul className="divide-y divide-gray-200">
            {agents.data.map((agent) => (
              <AgentRow key={agent.id} agent={agent} onRotated={(key) => setNewKey({ agentName: nameOf(key.id), apiKey: key.apiKey })} />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
