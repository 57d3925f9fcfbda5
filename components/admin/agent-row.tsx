"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { revokeAgentMutation, rotateKeyMutation, type AgentSummary, type RotatedKey } from "@/lib/queries";
import { DANGER_BUTTON, SECONDARY_BUTTON } from "../control-styles";
import { ErrorPanel } from "../error-panel";
import { LocalTime } from "../local-time";

/** What each action does to the agent, said before it is confirmed: neither can be undone. */
const CONFIRM: Record<"rotate" | "revoke", { question: (name: string) => string; button: string; pending: string }> = {
  rotate: { question: (name) => `Rotate the key of ${name}? Its current key stops working at once.`, button: "Rotate key now", pending: "Rotating…" },
  revoke: {
    question: (name) => `Revoke ${name}? Its key stops working and its pending requests are cancelled. This cannot be undone.`,
    button: "Revoke agent",
    pending: "Revoking…",
  },
};

/** One agent: who owns it, its key's prefix and last use, and the two things an administrator may do to it. */
export function AgentRow({ agent, onRotated }: { agent: AgentSummary; onRotated: (key: RotatedKey) => void }) {
  const queryClient = useQueryClient();
  const rotate = useMutation(rotateKeyMutation(queryClient));
  const revoke = useMutation(revokeAgentMutation(queryClient));
  const [confirming, setConfirming] = useState<"rotate" | "revoke" | null>(null);
  const active = agent.status === "active";
  const pending = rotate.isPending || revoke.isPending;
  const failed = rotate.error ?? revoke.error;

  const confirm = () => {
    const done = { onSettled: () => setConfirming(null) };
    if (confirming === "rotate") rotate.mutate(agent.id, { ...done, onSuccess: onRotated });
    if (confirming === "revoke") revoke.mutate(agent.id, done);
  };

  return (
    <li aria-label={agent.name} className="px-4 py-3">
      <div className="flex flex-wrap items-start gap-x-6 gap-y-2">
        <div className="min-w-0 flex-1 basis-56">
          <p className="flex flex-wrap items-center gap-2">
            <span className="font-semibold break-all text-gray-900">{agent.name}</span>
            <span
              className={`rounded-full px-2 py-px text-[11.5px] font-medium ${active ? "bg-green-100 text-green-800" : "bg-gray-200 text-gray-700"}`}
            >
              {active ? "Active" : "Revoked"}
            </span>
          </p>
          <p className="mt-0.5 text-xs break-all text-gray-600">Owner {agent.owner}</p>
        </div>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs sm:grid-cols-[auto_6.5rem_auto_9.5rem_auto_6.5rem]">
          <dt className="text-gray-500">Key</dt>
          <dd className="font-mono text-gray-800">{agent.keyPrefix ? `${agent.keyPrefix}…` : "None"}</dd>
          <dt className="text-gray-500">Created</dt>
          <dd className="text-gray-800">
            <LocalTime iso={agent.createdAt} />
          </dd>
          <dt className="text-gray-500">Last used</dt>
          <dd className="text-gray-800">{agent.lastUsedAt ? <LocalTime iso={agent.lastUsedAt} relative /> : "Never"}</dd>
        </dl>
        {active && confirming === null && (
          <div className="flex gap-2">
            <button type="button" onClick={() => setConfirming("rotate")} className={SECONDARY_BUTTON}>
              Rotate key
            </button>
            <button type="button" onClick={() => setConfirming("revoke")} className={`${SECONDARY_BUTTON} text-red-700`}>
              Revoke
            </button>
          </div>
        )}
      </div>
      {confirming && (
        <div role="group" aria-label={`Confirm: ${CONFIRM[confirming].button}`} className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-[13px] text-amber-950">
          <p>{CONFIRM[confirming].question(agent.name)}</p>
          <div className="mt-2 flex gap-2">
            <button type="button" onClick={confirm} disabled={pending} className={DANGER_BUTTON}>
              {pending ? CONFIRM[confirming].pending : CONFIRM[confirming].button}
            </button>
            <button type="button" onClick={() => setConfirming(null)} disabled={pending} className={SECONDARY_BUTTON}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {failed && (
        <div className="mt-3">
          <ErrorPanel compact error={failed} title="That did not happen" />
        </div>
      )}
    </li>
  );
}
