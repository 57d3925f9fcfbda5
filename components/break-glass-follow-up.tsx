"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { confirmBreakGlassMutation, type RequestDetail } from "@/lib/queries";
import { Card } from "./card";
import { ErrorPanel } from "./error-panel";
import { LocalTime } from "./local-time";

/**
 * A break-glass approval and its follow-up review: who approved alone and when, who has confirmed it,
 * and, for someone who may, the Confirm action. Shown until the request is gone, so it is never forgotten.
 */
export function BreakGlassFollowUp({ request, breakGlass }: { request: RequestDetail; breakGlass: NonNullable<RequestDetail["breakGlass"]> }) {
  const queryClient = useQueryClient();
  const confirm = useMutation(confirmBreakGlassMutation(queryClient, request.id));
  const { followUp } = breakGlass;
  const offer = request.viewer.confirmBreakGlass;

  return (
    <Card id="break-glass-follow-up" title="Break-glass follow-up">
      <p className="text-[13px] text-gray-700">
        <span className="font-semibold text-gray-900">{breakGlass.approverName ?? breakGlass.approver}</span> approved this request alone under break-glass,{" "}
        <LocalTime iso={breakGlass.at} relative />. Their reason is with their decision.
      </p>
      <p className="mt-3 flex items-center justify-between text-[13px] text-gray-600">
        <span>{followUp.status === "open" ? "Follow-up review open" : "Follow-up review closed"}</span>
        <span className="font-semibold text-gray-900 tabular-nums">
          {followUp.confirmations.length} of {followUp.requiredConfirmations} confirmations
        </span>
      </p>
      {followUp.confirmations.length > 0 && (
        <ul aria-label="Confirmations" className="mt-2 space-y-1 text-[13px]">
          {followUp.confirmations.map((c) => (
            <li key={c.confirmer} className="flex flex-wrap justify-between gap-x-2">
              <span className="font-medium text-gray-900">{c.confirmerName ?? c.confirmer}</span>
              <LocalTime iso={c.at} relative className="text-xs text-gray-500" />
            </li>
          ))}
        </ul>
      )}
      {confirm.isSuccess && (
        <p role="status" className="mt-3 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-[13px] text-green-900">
          {confirm.data.followUp === "closed" ? "Confirmed. The follow-up review is closed." : "Confirmed. One more person must confirm it."}
        </p>
      )}
      {confirm.isError && (
        <div className="mt-3">
          <ErrorPanel compact error={confirm.error} title="Your confirmation was not recorded" />
        </div>
      )}
      {offer?.allowed ? (
        <button
          type="button"
          onClick={() => confirm.mutate()}
          disabled={confirm.isPending}
          className="mt-3 inline-flex w-full items-center justify-center rounded-md border border-green-800 bg-green-700 px-3 py-1.5 font-semibold text-white shadow-xs hover:bg-green-800 disabled:cursor-not-allowed disabled:opacity-60"
        >
          {confirm.isPending ? "Confirming…" : "Confirm"}
        </button>
      ) : (
        followUp.status === "open" &&
        offer?.reason && (
          <p className="mt-3 rounded-md border border-gray-200 bg-gray-50 px-3 py-2.5 text-[13px] text-gray-700">
            <span className="sr-only">You cannot confirm it: </span>
            {offer.reason}
          </p>
        )
      )}
    </Card>
  );
}
