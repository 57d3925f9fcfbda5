import type { Policy } from "../policy";
import type { PolicyDocument } from "./document";
import { formatDuration } from "./duration";
import type { PolicyEvaluation } from "./evaluate";

/**
 * The shipped default as a document: one approval from the reviewer groups, one hour to decide.
 * What ensureDefaultPolicy seeds, and what the v1 versions stored before documents amounted to.
 */
export function defaultPolicyDocument(approverGroups: readonly string[] = ["reviewers"]): PolicyDocument {
  return {
    name: "Default policy",
    rules: [],
    default: { outcome: "require", stages: [{ approvals: 1, groups: [...approverGroups] }], ttl: "1h" },
  };
}

/** A stored v1 policy version (one quorum for everything) as the equivalent document. */
export function policyDocumentFromVersion(policy: Policy): PolicyDocument {
  const ttl = formatDuration(policy.ttlSeconds);
  return {
    name: policy.name,
    rules: [],
    default:
      policy.requiredApprovals === 0
        ? // No acknowledgement is invented: the linter asks a person to write it down.
          { outcome: "auto-approve" }
        : { outcome: "require", stages: [{ approvals: policy.requiredApprovals, groups: [...policy.approverGroups] }], ttl },
  };
}

/**
 * How a v1 policy decided a request, as an evaluation: no rule, one quorum, nothing else asked. What
 * requests from before policy documents record (migration 0010 writes the same for their rows).
 */
export function legacyEvaluation(requiredApprovals: number, approverGroups: readonly string[], ttlSeconds: number): PolicyEvaluation {
  return {
    rule: "default",
    ruleIndex: null,
    outcome: requiredApprovals === 0 ? "auto-approve" : "require",
    message: null,
    stages: requiredApprovals === 0 ? [] : [{ approvals: requiredApprovals, groups: [...approverGroups] }],
    ttlSeconds,
    grantValiditySeconds: null,
    reasonRequired: { approve: false, reject: false },
    stepUpMinutes: null,
    breakGlass: null,
    signals: [],
    conditionErrors: [],
  };
}
