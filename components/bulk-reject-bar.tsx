"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { bulkRejectMutation, type BulkRejectOutcome, type QueueItem } from "@/lib/queries";
import { DANGER_BUTTON, SECONDARY_BUTTON, TEXT_FIELD } from "./control-styles";
import { ErrorPanel } from "./error-panel";
import { MaskedText } from "./masked-text";

/**
 * Bulk reject for a runaway agent's flood: the selected requests, one reason, and a confirm step that
 * says how many will be rejected. There is deliberately no bulk approve. The result lists every
 * request the server refused, with its reason.
 */
export function BulkRejectBar({ selected, onDone }: { selected: QueueItem[]; onDone: (rejected: string[]) => void }) {
  const queryClient = useQueryClient();
  const reject = useMutation(bulkRejectMutation(queryClient));
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const [result, setResult] = useState<{ outcomes: BulkRejectOutcome[]; summaries: Map<string, string> } | null>(null);
  const n = selected.length;

  const submit = async () => {
    const summaries = new Map(selected.map((item) => [item.id, item.summary]));
    const { outcomes } = await reject.mutateAsync({ ids: selected.map((item) => item.id), reason });
    setResult({ outcomes, summaries });
    setConfirming(false);
    setReason("");
    onDone(outcomes.filter((o) => o.rejected).map((o) => o.id));
  };

  const refused = result?.outcomes.filter((o): o is Extract<BulkRejectOutcome, { rejected: false }> => !o.rejected) ?? [];
  return (
    <div className="space-y-3">
      {n > 0 && (
        <section aria-label="Bulk reject" className="rounded-lg border border-red-200 bg-red-50/60 px-4 py-3">
          {!confirming ? (
            <div className="flex flex-wrap items-center gap-3">
              <p className="text-[13px] font-medium text-gray-900">{n === 1 ? "1 request selected" : `${n} requests selected`}</p>
              <button type="button" onClick={() => setConfirming(true)} className={DANGER_BUTTON}>
                Reject selected…
              </button>
            </div>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (reason.trim()) void submit().catch(() => undefined);
              }}
              className="space-y-2"
            >
              <label className="block text-[13px] font-medium text-gray-800">
                Reason for rejecting all {n}
                <textarea required value={reason} onChange={(e) => setReason(e.target.value)} rows={2} autoFocus className={`${TEXT_FIELD} resize-y`} />
              </label>
              <p className="text-xs text-gray-600">Each request is rejected on its own, with this reason; any you may not decide are left as they are and listed.</p>
              {reject.isError && <ErrorPanel compact error={reject.error} title="The requests could not be rejected" />}
              <div className="flex flex-wrap gap-2">
                <button type="submit" disabled={!reason.trim() || reject.isPending} className={DANGER_BUTTON}>
                  {reject.isPending ? "Rejecting…" : n === 1 ? "Reject 1 request" : `Reject ${n} requests`}
                </button>
                <button type="button" onClick={() => setConfirming(false)} className={SECONDARY_BUTTON}>
                  Cancel
                </button>
              </div>
            </form>
          )}
        </section>
      )}
      {result && (
        <div role="status" className="rounded-lg border border-gray-200 bg-white px-4 py-3 text-[13px]">
          <p className="font-medium text-gray-900">
            Rejected {result.outcomes.length - refused.length} of {result.outcomes.length}.
            {refused.length > 0 && ` ${refused.length} could not be rejected:`}
          </p>
          {refused.length > 0 && (
            <ul className="mt-2 list-disc space-y-1 pl-5 text-gray-700">
              {refused.map((o) => (
                <li key={o.id}>
                  <span className="font-medium">
                    <MaskedText text={result.summaries.get(o.id) ?? o.id} />
                  </span>
                  : {o.reason}
                </li>
              ))}
            </ul>
          )}
          <button type="button" onClick={() => setResult(null)} className="mt-2 text-xs font-medium text-accent-700 hover:underline">
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
