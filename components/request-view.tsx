"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { changesSince } from "@/lib/domain/request/since-last-looked";
import { isNotFound, recordViewMutation, requestQuery } from "@/lib/queries";
import { BreakGlassFollowUp } from "./break-glass-follow-up";
import { BreakGlassForm } from "./break-glass-form";
import { Card } from "./card";
import { ChangeView } from "./change-view";
import { CommentThread } from "./comment-thread";
import { DecisionPanel } from "./decision-panel";
import { DecisionShortcuts } from "./decision-shortcuts";
import { DecisionsList } from "./decisions-list";
import { ErrorPanel } from "./error-panel";
import { EventTimeline } from "./event-timeline";
import { GrantStatus } from "./grant-status";
import { JsonView } from "./json-view";
import { MaskedText } from "./masked-text";
import { MaskedValuesSummary } from "./masked-values-summary";
import { NotFoundPanel } from "./not-found-panel";
import { PolicyPanel } from "./policy-panel";
import { RequestHeader } from "./request-header";
import { RequestSkeleton } from "./request-skeleton";
import { SinceLastLooked } from "./since-last-looked";
import { useNow } from "./use-now";

/** The request page: everything a reviewer needs to decide, live-updated while they read. */
export function RequestView({ requestId }: { requestId: string }) {
  const query = useQuery(requestQuery(requestId));
  const now = useNow(15_000);
  const summary = query.data?.summary;
  useEffect(() => {
    if (summary) document.title = `${summary} · Countersign`;
  }, [summary]);
  // "Since you last looked" compares against the mark as it was when the page opened; the page then
  // moves the mark to each newest event it shows, so the next visit starts from there.
  const [lastSeen, setLastSeen] = useState<number | null | undefined>(undefined);
  const firstMark = query.data?.viewer.lastSeenEventId;
  if (lastSeen === undefined && firstMark !== undefined) setLastSeen(firstMark);
  const newestShown = query.data ? Math.max(0, ...query.data.timeline.map((e) => e.id)) : 0;
  const { mutate: recordView } = useMutation(recordViewMutation(useQueryClient(), requestId));
  useEffect(() => {
    if (newestShown > 0) recordView(newestShown);
  }, [newestShown, recordView]);

  if (query.isPending) return <RequestSkeleton />;
  if (query.isError && !query.data) {
    if (isNotFound(query.error)) return <NotFoundPanel />;
    return <ErrorPanel error={query.error} title="This request could not be loaded" onRetry={() => query.refetch()} />;
  }
  const request = query.data;
  const maskedTotal = Object.values(request.masking).reduce((a, b) => a + b, 0);

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-[13px] text-gray-500">
        <Link href="/queue" className="hover:text-accent-700 hover:underline">
          Queue
        </Link>
        <span aria-hidden="true"> / </span>
        <span className="font-mono text-gray-700" aria-current="page">
          {request.id.slice(0, 8)}
        </span>
      </nav>
      <RequestHeader request={request} now={now} />
      {request.viewer.canDecide && (
        // On a phone the decision panel comes after the whole request; this takes the reviewer there.
        <a href="#decision" className="block rounded-md border border-accent-300 bg-accent-50 px-3 py-2 text-center text-[13px] font-medium text-accent-800 lg:hidden">
          Your decision is waiting: go to the decision ↓
        </a>
      )}
      <SinceLastLooked changes={changesSince(request.timeline, lastSeen ?? null, request.policy.stages.map((s) => s.approvals))} />
      {query.isError && <ErrorPanel compact error={query.error} title="Showing the last version we could load; updates have stopped" />}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_300px]">
        <div className="min-w-0 space-y-5">
          <Card id="rationale" title="Agent's rationale">
            {request.reasoning ? (
              <p className="break-words whitespace-pre-wrap text-gray-800">
                <MaskedText text={request.reasoning} />
              </p>
            ) : (
              <p className="text-gray-500 italic">The agent gave no reasoning.</p>
            )}
          </Card>
          <Card id="parameters" title="Parameters" actions={<span className="text-xs text-gray-500">Exactly what will run; bound by the payload digest</span>}>
            <JsonView value={request.parameters} label="Parameters" />
          </Card>
          <Card id="context" title="Context">
            <JsonView value={request.context} label="Context" />
          </Card>
          <ChangeView change={request.change} />
          <CommentThread request={request} />
        </div>

        <aside aria-label="Decision and status" className="min-w-0 space-y-5">
          {request.breakGlass && <BreakGlassFollowUp request={request} breakGlass={request.breakGlass} />}
          <DecisionPanel request={request} />
          <DecisionShortcuts />
          {request.viewer.breakGlass && <BreakGlassForm request={request} offer={request.viewer.breakGlass} />}
          <Card id="masked-values" title={`Masked values${maskedTotal ? ` (${maskedTotal})` : ""}`}>
            <MaskedValuesSummary masking={request.masking} reasons={request.maskingReasons} />
          </Card>
          <PolicyPanel policy={request.policy} />
          <DecisionsList decisions={request.decisions} />
          <GrantStatus request={request} />
          <EventTimeline timeline={request.timeline} lastSeenEventId={lastSeen ?? null} />
        </aside>
      </div>
    </div>
  );
}
