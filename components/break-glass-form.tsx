"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { decideMutation, type RequestDetail } from "@/lib/queries";
import { Card } from "./card";
import { TEXT_FIELD } from "./control-styles";
import { ErrorPanel } from "./error-panel";

/**
 * The emergency way past quorum, offered only where the matched rule allows break-glass and while the
 * request waits: one eligible person approves alone with a mandatory reason, and two others must
 * confirm it afterwards. Anyone not eligible sees why; the server checks again on submit.
 */
export function BreakGlassForm({ request, offer }: { request: RequestDetail; offer: NonNullable<RequestDetail["viewer"]["breakGlass"]> }) {
  const queryClient = useQueryClient();
  const breakGlass = useMutation(decideMutation(queryClient, request.id));
  const [reason, setReason] = useState("");
  const reasonId = useId();
  const hintId = useId();

  return (
    <Card id="break-glass" title="Break glass">
      <p className="mb-3 text-[13px] text-gray-700">
        When the approvals this rule asks for cannot be had in time, one eligible person may approve alone. The agent gets its grant at once, the approval is
        flagged everywhere, and a follow-up review stays open until two other people confirm it.
      </p>
      {offer.allowed ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            breakGlass.mutate({ outcome: "break-glass", reason });
          }}
          className="space-y-3"
        >
          <div>
            <label htmlFor={reasonId} className="block text-[13px] font-medium text-gray-900">
              Break-glass reason
            </label>
            <textarea
              id={reasonId}
              name="break-glass-reason"
              rows={3}
              maxLength={2000}
              required
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-describedby={hintId}
              className={`${TEXT_FIELD} resize-y`}
              placeholder="Why this cannot wait for the approvals the policy asks for"
            />
            <p id={hintId} className="mt-1 text-xs text-gray-500">
              Required. Recorded with your approval and shown to the people who review it.
            </p>
          </div>
          {breakGlass.isError && <ErrorPanel compact error={breakGlass.error} title="The glass was not broken" />}
          <button
            type="submit"
            disabled={breakGlass.isPending || !reason.trim()}
            className="inline-flex w-full items-center justify-center rounded-md border border-orange-700 bg-orange-600 px-3 py-1.5 font-semibold text-white shadow-xs hover:bg-orange-700 disabled:cursor-not-allowed disabled:opacity-60"
          >
            {breakGlass.isPending ? "Breaking the glass…" : "Break glass"}
          </button>
        </form>
      ) : (
        <p className="rounded-md border border-gray-200 bg-gray-50 px-3 py-2.5 text-[13px] text-gray-700">
          <span className="sr-only">You cannot break the glass: </span>
          {offer.reason}
        </p>
      )}
    </Card>
  );
}
