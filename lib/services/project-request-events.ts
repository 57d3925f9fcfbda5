import "server-only";
import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { actionRequests, comments, decisions, grants, notifications } from "@/db/schema";
import { deciderOf, evolve, type RequestState } from "@/lib/domain/request/request-decider";
import type { RequestEvent } from "@/lib/domain/request/request-events";
import { legacyDecisionId } from "@/lib/domain/request/legacy-ids";
import { followUpStatus, type BreakGlass } from "@/lib/domain/request/break-glass";
import { assessRisk, riskRank } from "@/lib/domain/request/assess-risk";
import { stageProgress } from "@/lib/domain/request/stage-progress";
import type { BreakGlassRecord } from "@/db/schema/action-requests";
import { signGrant } from "./sign-grant";

/**
 * The one projector: turns a request's new events into its read-model rows (action_requests,
 * decisions, comments, grants). Every verb calls it with the events it has just appended, and a
 * replay calls it with the whole log from an empty state, so live rows and rebuilt rows cannot differ.
 * Returns the state after the events.
 */
export async function projectRequestEvents(tx: Transaction, before: RequestState | null, events: RequestEvent[]): Promise<RequestState> {
  let state = before;
  const steps = events.map((event) => ({ event, after: (state = evolve(state, event)) }));
  if (!state) throw new Error("no events to project");
  // The request row first: the rows below reference it.
  await writeRequestRow(tx, state, before === null);
  for (const { event, after } of steps) {
    switch (event.type) {
      case "decision.approved":
      case "decision.rejected":
      case "decision.break_glass": {
        const decider = deciderOf(after, event);
        await tx.insert(decisions).values({
          id: event.data.decisionId ?? legacyDecisionId(event.requestId, decider.id),
          requestId: event.requestId,
          deciderKind: decider.kind,
          deciderId: decider.id,
          deciderName: event.data.deciderName ?? null,
          outcome: event.type === "decision.rejected" ? "reject" : "approve",
          reason: event.data.reason,
          breakGlass: event.type === "decision.break_glass",
          decidedAt: event.occurredAt,
        });
        break;
      }
      case "grant.issued": {
        const { grantId, expiresAt } = event.data;
        const jws = await signGrant(after);
        await tx.insert(grants).values({ id: grantId, requestId: event.requestId, jws, issuedAt: event.occurredAt, expiresAt: new Date(expiresAt) });
        break;
      }
      case "execution.reported":
        await tx
          .update(grants)
          .set({ executionOutcome: event.data.outcome, executionDetail: event.data.detail, executedAt: event.occurredAt })
          .where(eq(grants.id, event.data.grantId));
        break;
      case "comment.added": {
        const { commentId, authorName = null, replyTo = null } = event.data;
        await tx.insert(comments).values({ id: commentId, requestId: event.requestId, authorId: event.actor.id, authorName, body: event.data.body, createdAt: event.occurredAt, replyTo });
        const recipients = commentRecipients(after, event.actor.id, replyTo, event.data.mentions ?? []);
        if (recipients.length > 0) {
          await tx.insert(notifications).values(
            recipients.map(({ recipient, kind }) => ({ recipient, kind, commentId, requestId: event.requestId, actorId: event.actor.id, actorName: authorName, createdAt: event.occurredAt })),
          );
        }
        break;
      }
      case "comment.resolved":
        await tx.update(comments).set({ resolvedAt: event.occurredAt, resolvedBy: event.actor.id }).where(eq(comments.id, event.data.commentId));
        break;
      case "request.created":
      case "policy.evaluated":
      case "request.approved":
      case "request.rejected":
      case "request.cancelled":
      case "request.expired":
      case "decision.refused":
      case "break_glass.confirmed":
        // Only the request row changes, written above from the state (a refusal changes nothing).
        break;
      default:
        event satisfies never;
    }
  }
  return state;
}

/**
 * Who a new comment notifies: everyone it mentions, and the person who started the thread it replies
 * to (as a code review does), never its own author, each once.
 */
function commentRecipients(state: RequestState, authorId: string, replyTo: string | null, mentions: string[]) {
  const out: { recipient: string; kind: "mention" | "reply" }[] = mentions.filter((m) => m !== authorId).map((recipient) => ({ recipient, kind: "mention" }));
  const asker = replyTo ? state.comments.find((c) => c.id === replyTo)?.authorId : undefined;
  if (asker && asker !== authorId && !mentions.includes(asker)) out.push({ recipient: asker, kind: "reply" });
  return out;
}

/** The request's read-model row, as the state after its events says it is. */
export function toRequestRow(state: RequestState): typeof actionRequests.$inferSelect {
  const { policy } = state;
  if (!policy) throw new Error(`request ${state.id} has no policy evaluation`);
  const risk = assessRisk(state, policy.evaluation);
  return {
    id: state.id,
    agentId: state.agentId,
    idempotencyKey: state.idempotencyKey,
    bodyHash: state.bodyHash,
    status: state.status,
    action: state.action,
    resource: state.resource,
    environment: state.environment,
    summary: state.summary,
    reasoning: state.reasoning,
    parameters: state.parameters,
    context: state.context,
    change: state.change,
    onBehalfOf: state.onBehalfOf,
    payloadDigest: state.payloadDigest,
    masking: state.masking,
    policyId: policy.id,
    policyVersion: policy.version,
    requiredApprovals: policy.requiredApprovals,
    approverGroups: policy.approverGroups,
    policyEvaluation: policy.evaluation,
    breakGlass: state.breakGlass && breakGlassRecord(state.breakGlass),
    risk,
    riskRank: riskRank(risk.level),
    decidingGroups: decidingGroups(state),
    createdAt: state.createdAt,
    expiresAt: state.expiresAt,
    decidedAt: state.decidedAt,
    updatedAt: state.updatedAt,
  };
}

/** The break-glass column: as the state keeps it, times as ISO text, and whether its follow-up is still open (what the queue filters on). */
function breakGlassRecord(breakGlass: BreakGlass): BreakGlassRecord {
  return {
    approver: breakGlass.approver,
    approverName: breakGlass.approverName,
    at: breakGlass.at.toISOString(),
    confirmations: breakGlass.confirmations.map((c) => ({ confirmer: c.confirmer, confirmerName: c.confirmerName, at: c.at.toISOString() })),
    followUp: followUpStatus(breakGlass),
  };
}

/**
 * The groups that may decide the request now (canDecide's group rule, from the same stageProgress), so
 * the queue's "waiting for me" can ask PostgreSQL instead of loading every pending request.
 */
function decidingGroups(state: RequestState): string[] {
  if (state.status !== "pending" || !state.policy) return [];
  const approvals = state.decisions.filter((decision) => decision.outcome === "approve").length;
  const progress = stageProgress(state.policy.evaluation.stages, approvals);
  return progress.current === null ? [] : (progress.stages[progress.current]?.groups ?? []);
}

/** A new request is inserted whole; afterwards only what its lifecycle changes is written again. */
async function writeRequestRow(tx: Transaction, state: RequestState, isNew: boolean): Promise<void> {
  const row = toRequestRow(state);
  if (isNew) {
    await tx.insert(actionRequests).values(row);
    return;
  }
  const { status, policyId, policyVersion, requiredApprovals, approverGroups, policyEvaluation, breakGlass, risk, riskRank, decidingGroups, expiresAt, decidedAt, updatedAt } = row;
  await tx
    .update(actionRequests)
    .set({ status, policyId, policyVersion, requiredApprovals, approverGroups, policyEvaluation, breakGlass, risk, riskRank, decidingGroups, expiresAt, decidedAt, updatedAt })
    .where(eq(actionRequests.id, state.id));
}
