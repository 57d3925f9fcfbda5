import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { actionRequests, agents, decisions, policies } from "@/db/schema";
import { getConfig } from "@/lib/config";
import { chatRequestView, type ChatRequestView } from "@/lib/domain/chat/chat-request-view";

/** A request as chats show it (see chatRequestView), with its agent's owner (told the outcome), or null if there is none. */
export async function readChatRequestView(db: Executor, requestId: string, now: Date): Promise<{ view: ChatRequestView; ownerEmail: string } | null> {
  const [row] = await db
    .select({ request: actionRequests, agentName: agents.name, ownerEmail: agents.ownerEmail, policyName: policies.name })
    .from(actionRequests)
    .innerJoin(agents, eq(agents.id, actionRequests.agentId))
    .innerJoin(policies, and(eq(policies.id, actionRequests.policyId), eq(policies.version, actionRequests.policyVersion)))
    .where(eq(actionRequests.id, requestId));
  if (!row) return null;
  const { request } = row;
  const decided = await db
    .select({ decider: decisions.deciderId, outcome: decisions.outcome, kind: decisions.deciderKind })
    .from(decisions)
    .where(eq(decisions.requestId, requestId))
    .orderBy(asc(decisions.decidedAt));
  const view = chatRequestView(
    {
      ...request,
      agentName: row.agentName,
      policyName: row.policyName,
      rule: request.policyEvaluation.rule,
      stages: request.policyEvaluation.stages,
      decisions: decided,
    },
    getConfig().appUrl,
    now,
  );
  return { view, ownerEmail: row.ownerEmail };
}
