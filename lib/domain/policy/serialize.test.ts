import { describe, expect, it } from "vitest";
import { parsePolicyYaml } from "./parse-document";
import { policyToYaml } from "./serialize";
import { CONTRACT_YAML, policy } from "./test-documents";

describe("policyToYaml", () => {
  it("round-trips the contract's document", () => {
    const document = policy(CONTRACT_YAML);
    const text = policyToYaml(document);
    expect(parsePolicyYaml(text)).toEqual({ ok: true, document });
  });

  it("round-trips every optional field, and prints single patterns as people write them", () => {
    const document = policy(`name: p
rules:
  - name: all of it
    match: { action: [db.export, "db.dump*"], resource: "orders/**", environment: production, agent: demo-agent, ownerGroups: [dba], risk: [secrets-masked] }
    when: parameters.rows > 1000
    outcome: require
    stages: [{ approvals: 1, groups: [team-leads] }, { approvals: 1, groups: [security] }]
    ttl: 1h30m
    grantValidity: 5m
    reasonRequired: [approve]
    stepUp: 10
    breakGlass: { groups: [oncall] }
    highRisk: true
  - { name: ack, match: { environment: prod }, outcome: auto-approve, acknowledge: production-auto-approve, highRisk: true }
default: { outcome: deny, message: No. }
`);
    const text = policyToYaml(document);
    expect(parsePolicyYaml(text)).toEqual({ ok: true, document });
    expect(text).toContain("      environment: production\n");
    expect(text).toContain("      action:\n        - db.export\n");
    expect(text).toContain("    highRisk: true\n");
  });

  it("prints keys in the schema's order, however the stored document ordered them", () => {
    const document = policy(CONTRACT_YAML);
    // What PostgreSQL's jsonb gives back: every object's keys sorted by length, then bytes.
    const byLength = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(byLength)
        : typeof value === "object" && value !== null
          ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.length - b.length || (a < b ? -1 : 1)).map(([k, v]) => [k, byLength(v)]))
          : value;
    const fromJsonb = byLength(document) as typeof document;
    expect(Object.keys(fromJsonb.default)).not.toEqual(Object.keys(document.default));
    expect(policyToYaml(fromJsonb)).toBe(policyToYaml(document));
    expect(policyToYaml(fromJsonb)).toMatch(/^name: Production approvals\nrules:\n  - name: staging reads run at once\n    match:/);
  });
});
