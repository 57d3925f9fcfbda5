"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { freezeMutation, freezeQuery } from "@/lib/queries";
import { Card } from "../card";
import { DANGER_BUTTON, PRIMARY_BUTTON, TEXT_FIELD } from "../control-styles";
import { ErrorPanel } from "../error-panel";
import { frozenByText } from "../format";
import { ListSkeleton } from "../list-skeleton";
import { LocalTime } from "../local-time";

/** As lib/domain/freeze's MAX_FREEZE_MESSAGE_LENGTH: the server refuses longer, this only saves a round trip. */
const MESSAGE_MAX_LENGTH = 1000;

/**
 * The incident switch. Frozen: no pending request can be decided, and every new one is rejected with
 * the message, until it is lifted here (or with the CLI). Both are events in the audit log.
 */
export function FreezeView() {
  const queryClient = useQueryClient();
  const state = useQuery(freezeQuery());
  const toggle = useMutation(freezeMutation(queryClient));
  const [message, setMessage] = useState("");
  const messageId = useId();
  const hintId = useId();

  if (state.isPending) return <ListSkeleton rows={2} label="Loading the freeze switch…" />;
  if (state.isError) return <ErrorPanel error={state.error} title="The freeze switch could not be read" onRetry={() => state.refetch()} />;
  const freeze = state.data.freeze;

  return (
    <Card id="freeze" title="Freeze approvals">
      {freeze ? (
        <div className="space-y-3">
          <p className="flex items-center gap-2 font-semibold text-red-800">
            <span aria-hidden="true" className="size-2 rounded-full bg-red-600" />
            Approvals are frozen
          </p>
          <dl className="grid grid-cols-[7rem_1fr] gap-x-4 gap-y-1.5 text-[13px]">
            <dt className="font-medium text-gray-600">Message</dt>
            <dd className="break-words text-gray-900">{freeze.message}</dd>
            <dt className="font-medium text-gray-600">Frozen by</dt>
            <dd className="break-all text-gray-900">{frozenByText(freeze.frozenBy)}</dd>
            <dt className="font-medium text-gray-600">Since</dt>
            <dd className="text-gray-900">
              <LocalTime iso={freeze.frozenAt} />
            </dd>
          </dl>
          <p className="text-[13px] text-gray-600">Thawing lets pending requests be decided again; requests rejected meanwhile stay rejected.</p>
          {toggle.isError && <ErrorPanel compact error={toggle.error} title="Approvals are still frozen" />}
          <button type="button" onClick={() => toggle.mutate({ frozen: false })} disabled={toggle.isPending} className={PRIMARY_BUTTON}>
            {toggle.isPending ? "Thawing…" : "Thaw approvals"}
          </button>
        </div>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            toggle.mutate({ frozen: true, message: message.trim() }, { onSuccess: () => setMessage("") });
          }}
          className="space-y-3"
        >
          <p className="flex items-center gap-2 font-semibold text-green-800">
            <span aria-hidden="true" className="size-2 rounded-full bg-green-600" />
            Approvals are open
          </p>
          <div>
            <label htmlFor={messageId} className="block text-[13px] font-medium text-gray-900">
              Message
            </label>
            <textarea
              id={messageId}
              required
              rows={3}
              maxLength={MESSAGE_MAX_LENGTH}
              value={message}
              onChange={(e) => setMessage(e.target.value)}
              aria-describedby={hintId}
              className={`${TEXT_FIELD} resize-y`}
              placeholder="Incident 42: hold every production change until the all-clear"
            />
            <p id={hintId} className="mt-1 text-xs text-gray-500">
              Shown on every console page and sent to every agent whose request is rejected while frozen.
            </p>
          </div>
          {toggle.isError && <ErrorPanel compact error={toggle.error} title="Approvals were not frozen" />}
          <button type="submit" disabled={toggle.isPending} className={DANGER_BUTTON}>
            {toggle.isPending ? "Freezing…" : "Freeze approvals"}
          </button>
        </form>
      )}
    </Card>
  );
}
