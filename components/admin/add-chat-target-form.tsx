"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { addChatTargetMutation } from "@/lib/queries";
import { Card } from "../card";
import { PRIMARY_BUTTON, TEXT_FIELD } from "../control-styles";
import { ErrorPanel } from "../error-panel";

/** A Slack channel that new requests are posted to, with Approve and Reject buttons for linked reviewers. */
export function AddChatTargetForm() {
  const queryClient = useQueryClient();
  const add = useMutation(addChatTargetMutation(queryClient));
  const [channel, setChannel] = useState("");
  const channelId = useId();
  const hintId = useId();
  return (
    <Card id="add-slack-channel" title="Post requests to a Slack channel">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate({ provider: "slack", target: channel.trim() }, { onSuccess: () => setChannel("") });
        }}
        className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end"
      >
        <div>
          <label htmlFor={channelId} className="block text-[13px] font-medium text-gray-900">
            Slack channel id
          </label>
          <input
            id={channelId}
            required
            maxLength={200}
            pattern="[A-Za-z0-9:@._\-]+"
            value={channel}
            onChange={(e) => setChannel(e.target.value)}
            aria-describedby={hintId}
            className={TEXT_FIELD}
            placeholder="C0APPROVALS"
            autoComplete="off"
          />
        </div>
        <button type="submit" disabled={add.isPending} className={PRIMARY_BUTTON}>
          {add.isPending ? "Adding…" : "Add channel"}
        </button>
        <p id={hintId} className="text-xs text-gray-500 sm:col-span-2">
          The channel&apos;s id (in Slack: channel details, at the bottom), with the Countersign app invited to it. Each new request is posted there and updated as it
          moves; the buttons decide only for Slack accounts their owners linked through sign-in.
        </p>
        {add.isError && (
          <div className="sm:col-span-2">
            <ErrorPanel compact error={add.error} title="The channel was not added" />
          </div>
        )}
      </form>
    </Card>
  );
}
