import type { RequestFacts } from "./facts";
import { parsePolicyYaml } from "./parse-document";
import type { PolicyDocument } from "./document";

/** The minimal document of shared/contract.md, "Policies (version 2)", verbatim. */
export const CONTRACT_YAML = `name: Production approvals
rules:                                   # first match wins
  - name: staging reads run at once
    match: { action: "db.read*", environment: staging }     # globs; resource may also be matched
    outcome: auto-approve
  - name: no drops through agents
    match: { action: "db.drop*" }
    outcome: deny
    message: Dropping databases is not allowed through agents.
  - name: IAM in production needs two people, then security
    match: { action: "iam.*", environment: production }
    outcome: require
    stages:
      - { approvals: 2, groups: [reviewers] }
      - { approvals: 1, groups: [security] }
    ttl: 2h
default:                                 # required
  outcome: require
  stages: [ { approvals: 1, groups: [reviewers] } ]
  ttl: 1h
`;

/** A YAML document for tests, parsed; throws with the errors when it is invalid. */
export function policy(text: string): PolicyDocument {
  const parsed = parsePolicyYaml(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.document;
}

/** A request's facts for tests: a staging read by the demo agent unless overridden. */
export function facts(overrides: Partial<RequestFacts> = {}): RequestFacts {
  return { action: "db.read", resource: "orders", environment: "staging", agent: { id: "agent-1", name: "demo-agent" }, ownerGroups: [], signals: [], ...overrides };
}
