import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "./evaluate";
import { explainPolicyEvaluation } from "./explain";
import { CONTRACT_YAML, facts, policy } from "./test-documents";

const contract = policy(CONTRACT_YAML);
const explain = (overrides: Parameters<typeof facts>[0]) => explainPolicyEvaluation(evaluatePolicy(contract, facts(overrides)));

describe("explainPolicyEvaluation", () => {
  it("names the rule and its stages in order", () => {
    expect(explain({ action: "iam.role.attach", environment: "production", signals: ["production"] })).toBe(
      'Rule "IAM in production needs two people, then security" requires 2 approvals from distinct people in reviewers, then one approval from security; expires after 2 hours. Risk signals: production.',
    );
  });
  it("says when no rule matched", () => {
    expect(explain({ action: "db.read", environment: "production" })).toBe("No rule matched; the default requires one approval from reviewers; expires after one hour.");
  });
  it("gives a denial's message and an auto-approval", () => {
    expect(explain({ action: "db.drop" })).toBe('Rule "no drops through agents" denies it: Dropping databases is not allowed through agents.');
    expect(explain({ action: "db.read" })).toBe('Rule "staging reads run at once" approves it without a person.');
  });
  it("mentions step-up, reasons and break-glass", () => {
    const p = policy("name: p\nrules: []\ndefault: { outcome: require, stages: [{ approvals: 1, groups: [a] }], stepUp: 15, reasonRequired: [reject], breakGlass: { groups: [oncall] }, ttl: 30m }\n");
    expect(explainPolicyEvaluation(evaluatePolicy(p, facts()))).toBe(
      "No rule matched; the default requires one approval from a; approvers must have signed in within the last 15 minutes; a reason is required to reject; in an emergency one person from oncall may approve alone, with a reason; expires after 30 minutes.",
    );
  });
});
