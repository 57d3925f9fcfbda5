import "server-only";
import type { actionRequests, agents } from "@/db/schema";
import type { Freeze } from "@/lib/domain/freeze";
import { isPolicyChange } from "@/lib/domain/policy/policy-change";
import type { DecisionSubject } from "@/lib/domain/separation-of-duties";

/** What canDecide checks a person against, from a request's row and its agent's: for readers that show who may decide (the request page, a chat card). */
export function decisionSubjectOf(request: typeof actionRequests.$inferSelect, agent: typeof agents.$inferSelect, freeze: Freeze | null): DecisionSubject {
  return {
    ...request,
    stages: request.policyEvaluation.stages,
    stepUpMinutes: request.policyEvaluation.stepUpMinutes,
    breakGlass: request.policyEvaluation.breakGlass,
    freeze,
    policyChange: isPolicyChange(request),
    agentOwnerEmail: agent.ownerEmail,
    agentRevokedAt: agent.revokedAt,
  };
}
