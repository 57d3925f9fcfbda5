import type { PolicyEvaluation } from "./evaluate";

/**
 * A policy change is an action request with a reserved action, made by Countersign's own reserved
 * agent on behalf of its author: so it sits in the same queue, is decided on the same page with the
 * same button, by the same decider and canDecide (the author, as the person it acts for, may never
 * decide it), and leaves the same events. Only a request from that agent with that action changes the
 * policy; an agent that sends the action itself changes nothing.
 */
export const POLICY_CHANGE_ACTION = "countersign.policy.change";
export const POLICY_CHANGE_AGENT = {
  id: "00000000-0000-4000-8000-00000000c0de",
  name: "countersign-policy-changes",
  // No person has this address, so no one is excluded as the agent's owner; the author is excluded as onBehalfOf.
  ownerEmail: "policy-changes@countersign.invalid",
} as const;
export const POLICY_CHANGE_ENVIRONMENT = "countersign";
export const POLICY_CHANGE_TTL_SECONDS = 7 * 86_400;

export function isPolicyChange(request: { agentId: string; action: string }): boolean {
  return request.agentId === POLICY_CHANGE_AGENT.id && request.action === POLICY_CHANGE_ACTION;
}

/**
 * How a policy change is governed: one approval from another administrator, whatever the policy
 * says. Fixed here rather than in the document, so no document can relax the review of its own
 * replacement.
 */
export function policyChangeEvaluation(adminGroups: readonly string[]): PolicyEvaluation {
  return {
    rule: "policy changes need another administrator",
    ruleIndex: null,
    outcome: "require",
    message: null,
    stages: [{ approvals: 1, groups: [...adminGroups] }],
    ttlSeconds: POLICY_CHANGE_TTL_SECONDS,
    grantValiditySeconds: null,
    reasonRequired: { approve: false, reject: true },
    stepUpMinutes: null,
    breakGlass: null,
    signals: [],
    conditionErrors: [],
  };
}
