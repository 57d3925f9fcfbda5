"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { stepUpSignIn } from "@/lib/auth/actions";
import { describeDuration } from "@/lib/domain/policy/duration";
import { stepUpMaxAgeSeconds } from "@/lib/domain/step-up";
import { decideMutation, isStepUpRequired, type DecisionInput, type DecisionResult, type RequestDetail } from "@/lib/queries";
import { Card } from "./card";
import { ErrorPanel } from "./error-panel";
import { TEXT_FIELD } from "./control-styles";
import { rememberDecision, takeRememberedDecision } from "./decision-after-sign-in";

const RESULT_TEXT: Record<DecisionResult["status"], string> = {
  approved: "Approved. The agent has been granted permission to run exactly these parameters.",
  rejected: "Rejected. The agent will not be allowed to run this action.",
  pending: "Your approval is recorded. More approvals are needed before the agent may proceed.",
};

/**
 * Approve or reject, with a reason. Shown only when the server says this person may decide now, or
 * would once they sign in again (a step-up rule); anyone else sees why not. The server checks again
 * on submit, and any refusal is shown here.
 *
 * Step-up: the click sends the person through their identity provider with `max_age`, back to this
 * page, where the decision they clicked is made with their fresh sign-in (its `auth_time` and `amr`
 * are recorded with it).
 */
export function DecisionPanel({ request }: { request: RequestDetail }) {
  const queryClient = useQueryClient();
  const decide = useMutation(decideMutation(queryClient, request.id));
  const [reason, setReason] = useState("");
  const [signingIn, startSignIn] = useTransition();
  const resumed = useRef(false);
  const reasonId = useId();
  const hintId = useId();
  const approvals = request.decisions.filter((d) => d.outcome === "approve").length;
  const { canDecide, stepUpRequired } = request.viewer;
  const stepUpMinutes = request.policy.stepUpMinutes;

  const signInAgain = (decision: DecisionInput) => {
    rememberDecision(request.id, decision);
    startSignIn(() => stepUpSignIn(`/requests/${request.id}`, stepUpMaxAgeSeconds(stepUpMinutes ?? 0)));
  };

  const submit = (choice: "approve" | "reject") => {
    const decision = { outcome: choice, reason };
    if (stepUpRequired) return signInAgain(decision);
    // The sign-in can also grow too old while the page is open: the refusal then starts the same round trip.
    decide.mutate(decision, { onSuccess: () => setReason(""), onError: (error) => isStepUpRequired(error) && signInAgain(decision) });
  };

  // Back from the identity provider: make the decision clicked before leaving, once. If the person
  // still may not decide (someone else settled it meanwhile), it is dropped and the reason shows why.
  useEffect(() => {
    if (resumed.current) return;
    resumed.current = true;
    const remembered = takeRememberedDecision(request.id);
    if (!remembered) return;
    setReason(remembered.reason ?? "");
    if (canDecide) decide.mutate(remembered, { onSuccess: () => setReason("") });
  }, [request.id, canDecide, decide]);

  return (
    <Card id="decision" title={canDecide || stepUpRequired ? "Your decision" : "Decision"}>
      <p className="mb-3 flex items-center justify-between text-[13px] text-gray-600">
        <span>Approvals</span>
        <span className="font-semibold text-gray-900 tabular-nums">
          {approvals} of {request.policy.requiredApprovals}
        </span>
      </p>
      <div aria-hidden="true" className="mb-4 flex gap-1">
        {Array.from({ length: Math.max(request.policy.requiredApprovals, 1) }, (_, i) => (
          <span key={i} className={`h-1.5 flex-1 rounded-full ${i < approvals ? "bg-green-600" : "bg-gray-200"}`} />
        ))}
      </div>
      {request.breakGlass && (
        <p className="-mt-2 mb-4 text-xs text-orange-900">Approved before quorum: one person broke the glass.</p>
      )}
      {request.policy.stages.length > 1 && (
        <ol aria-label="Stages" className="mb-4 space-y-1 text-[13px]">
          {request.policy.progress.stages.map((stage, i) => (
            <li key={i} className={`flex justify-between ${i === request.policy.progress.current ? "font-medium text-gray-900" : "text-gray-600"}`}>
              <span>
                Stage {i + 1}: {stage.groups.join(" or ")}
                {i === request.policy.progress.current && request.status === "pending" ? " (now deciding)" : ""}
              </span>
              <span className="tabular-nums">
                {stage.received} of {stage.approvals}
              </span>
            </li>
          ))}
        </ol>
      )}

      {decide.isSuccess && (
        <p role="status" className="mb-3 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-[13px] text-green-900">
          {RESULT_TEXT[decide.data.status]}
        </p>
      )}

      {canDecide || stepUpRequired ? (
        <form
          // Decisions happen only through the two buttons: never by an implicit form submission.
          onSubmit={(e) => e.preventDefault()}
          className="space-y-3"
        >
          <div>
            <label htmlFor={reasonId} className="block text-[13px] font-medium text-gray-900">
              Reason
            </label>
            <textarea
              id={reasonId}
              name="reason"
              rows={3}
              maxLength={2000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-describedby={hintId}
              className={`${TEXT_FIELD} resize-y`}
              placeholder="Why you approve or reject"
            />
            <p id={hintId} className="mt-1 text-xs text-gray-500">
              {request.policy.reasonRequired.approve && "The policy requires a reason to approve. "}
              Recorded with your decision in the audit log. The approval covers exactly the payload digest above.
            </p>
          </div>
          {stepUpRequired && stepUpMinutes && (
            <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-[13px] text-amber-950">
              This request needs a sign-in within the last {describeDuration(stepUpMinutes * 60)}. Approving or rejecting first takes you to
              your identity provider to sign in again, then back here, where your decision is recorded.
            </p>
          )}
          {decide.isError && !signingIn && <ErrorPanel compact error={decide.error} title="Your decision was not recorded" />}
          {signingIn && (
            <p role="status" className="text-[13px] text-gray-700">
              Taking you to your identity provider to sign in again…
            </p>
          )}
          <div className="flex gap-2">
            <button
              type="button"
              onClick={() => submit("approve")}
              disabled={decide.isPending || signingIn}
              className="inline-flex flex-1 items-center justify-center rounded-md border border-green-800 bg-green-700 px-3 py-1.5 font-semibold text-white shadow-xs hover:bg-green-800 disabled:cursor-not-allowed disabled:opacity-60"
            >
              {decide.isPending && decide.variables?.outcome === "approve" ? "Approving…" : "Approve"}
            </button>
            <button
              type="button"
              onClick={() => submit("reject")}
              disabled={decide.isPending || signingIn}
              className="inline-flex flex-1 items-center justify-center rounded-md border border-gray-300 bg-white px-3 py-1.5 font-semibold text-red-700 shadow-xs hover:border-red-300 hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-60"
            >
              {decide.isPending && decide.variables?.outcome === "reject" ? "Rejecting…" : "Reject"}
            </button>
          </div>
        </form>
      ) : (
        <>
          {/* The refusal's reason is the one below, refreshed from the server: not repeated here. */}
          {decide.isError && (
            <p role="alert" className="mb-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-[13px] font-semibold text-red-900">
              Your decision was not recorded.
            </p>
          )}
          <div className="flex gap-2.5 rounded-md border border-gray-200 bg-gray-50 px-3 py-2.5 text-[13px] text-gray-700">
            <svg aria-hidden="true" viewBox="0 0 16 16" className="mt-0.5 size-4 shrink-0 text-gray-500" fill="currentColor">
              <path d="M0 8a8 8 0 1 1 16 0A8 8 0 0 1 0 8Zm8-6.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM6.5 7.75A.75.75 0 0 1 7.25 7h1a.75.75 0 0 1 .75.75v2.75h.25a.75.75 0 0 1 0 1.5h-2a.75.75 0 0 1 0-1.5h.25v-2h-.25a.75.75 0 0 1-.75-.75ZM8 6a1 1 0 1 1 0-2 1 1 0 0 1 0 2Z" />
            </svg>
            <p>
              <span className="sr-only">You cannot decide this request: </span>
              {request.viewer.reason ?? "You cannot decide this request."}
            </p>
          </div>
        </>
      )}
    </Card>
  );
}
