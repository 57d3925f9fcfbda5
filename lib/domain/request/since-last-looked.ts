/** A request's event as the request page lists it: who did what, and for an approval the stage it counted toward. */
export type TimelineEvent = { id: number; type: string; actor: string; stage?: number | null };

export type SinceChange = { eventId: number; kind: "decision" | "comment" | "status" | "stage"; text: string };

const STATUS_TEXT: Record<string, string> = {
  "request.approved": "The request was approved",
  "request.rejected": "The request was rejected",
  "request.expired": "The request expired",
  "request.cancelled": "The agent withdrew the request",
  "grant.issued": "A grant was issued to the agent",
  "execution.reported": "The agent reported how the action went",
};

/**
 * What happened on a request after the event a person last saw, in words and in order: decisions,
 * comments, status changes, and a stage of approvals completing. Empty when they have never looked
 * (everything is new then, and a list of it all says nothing) or nothing happened since.
 */
export function changesSince(timeline: readonly TimelineEvent[], lastSeenEventId: number | null, stageApprovals: readonly number[]): SinceChange[] {
  if (lastSeenEventId === null) return [];
  const changes: SinceChange[] = [];
  let approvals = 0;
  for (const event of timeline) {
    const isNew = event.id > lastSeenEventId;
    const add = (kind: SinceChange["kind"], text: string) => isNew && changes.push({ eventId: event.id, kind, text });
    switch (event.type) {
      case "decision.approved": {
        approvals++;
        add("decision", `${event.actor} approved${event.stage ? ` (stage ${event.stage})` : ""}`);
        const completed = completedStage(stageApprovals, approvals);
        if (completed !== null && completed < stageApprovals.length) {
          add("stage", `Stage ${completed} of ${stageApprovals.length} is complete; stage ${completed + 1} now takes decisions`);
        }
        break;
      }
      case "decision.break_glass":
        add("decision", `${event.actor} approved alone under break-glass`);
        break;
      case "decision.rejected":
        add("decision", `${event.actor} rejected`);
        break;
      case "break_glass.confirmed":
        add("decision", `${event.actor} confirmed the break-glass approval`);
        break;
      case "comment.added":
        add("comment", `${event.actor} commented`);
        break;
      case "comment.resolved":
        add("comment", `${event.actor} marked a question answered`);
        break;
      default: {
        const text = STATUS_TEXT[event.type];
        if (text) add("status", text);
      }
    }
  }
  return changes;
}

/** The stage (1-based) that exactly the `approvals`-th approval completed, or null. */
function completedStage(stageApprovals: readonly number[], approvals: number): number | null {
  let needed = 0;
  for (const [index, count] of stageApprovals.entries()) {
    needed += count;
    if (approvals === needed) return index + 1;
  }
  return null;
}
