import { describeDuration } from "./policy/duration";

/** An approval policy version, as stored. The policy engine (a later issue) will add matching rules. */
export type Policy = {
  id: string;
  version: number;
  name: string;
  requiredApprovals: number;
  approverGroups: string[];
  ttlSeconds: number;
};

export type PolicyOutcome = {
  /** `pending` waits for people; `approved`/`rejected` are decided by the policy itself. */
  status: "pending" | "approved" | "rejected";
  requiredApprovals: number;
  approverGroups: string[];
  expiresAt: Date;
  explanation: string;
};

export function evaluatePolicy(policy: Policy, now: Date): PolicyOutcome {
  const approvals = policy.requiredApprovals === 1 ? "one approval" : `${policy.requiredApprovals} approvals from distinct people`;
  return {
    status: policy.requiredApprovals === 0 ? "approved" : "pending",
    requiredApprovals: policy.requiredApprovals,
    approverGroups: policy.approverGroups,
    expiresAt: new Date(now.getTime() + policy.ttlSeconds * 1000),
    explanation: `${policy.name} (v${policy.version}): ${approvals} from ${policy.approverGroups.join(" or ")}; expires after ${describeDuration(policy.ttlSeconds)}.`,
  };
}
