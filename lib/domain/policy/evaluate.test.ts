import { describe, expect, it } from "vitest";
import { compilePolicy } from "./compile";
import { evaluatePolicy } from "./evaluate";
import { CONTRACT_YAML, facts, policy } from "./test-documents";

const contract = compilePolicy(policy(CONTRACT_YAML));

describe("evaluatePolicy", () => {
  it("auto-approves a staging read by the first rule", () => {
    const e = evaluatePolicy(contract, facts({ action: "db.read_rows", environment: "staging" }));
    expect([e.rule, e.outcome, e.stages]).toEqual(["staging reads run at once", "auto-approve", []]);
  });

  it("denies with the rule's message", () => {
    const e = evaluatePolicy(contract, facts({ action: "db.drop_table", environment: "production" }));
    expect([e.rule, e.outcome, e.message]).toEqual(["no drops through agents", "deny", "Dropping databases is not allowed through agents."]);
  });

  it("requires ordered stages with the rule's time to live", () => {
    const e = evaluatePolicy(contract, facts({ action: "iam.role.attach", environment: "production" }));
    expect(e).toMatchObject({ rule: "IAM in production needs two people, then security", outcome: "require", ttlSeconds: 7200, stages: [{ approvals: 2, groups: ["reviewers"] }, { approvals: 1, groups: ["security"] }] });
  });

  it("falls to the default when no rule matches: a production read is not a staging read", () => {
    const e = evaluatePolicy(contract, facts({ action: "db.read", environment: "production" }));
    expect(e).toMatchObject({ rule: "default", ruleIndex: null, outcome: "require", ttlSeconds: 3600, stages: [{ approvals: 1, groups: ["reviewers"] }] });
  });

  it("matches action and environment whatever their case or surrounding spaces, so an agent cannot spell its way around a rule", () => {
    expect(evaluatePolicy(contract, facts({ action: " DB.Drop_Table", environment: "Production " })).rule).toBe("no drops through agents");
    expect(evaluatePolicy(contract, facts({ action: "IAM.role.attach", environment: " PRODUCTION" })).rule).toBe("IAM in production needs two people, then security");
  });

  it("keeps resources case-sensitive, as the systems they name are", () => {
    const p = policy("name: p\nrules:\n  - { name: logs, match: { resource: 'logs/*' }, outcome: auto-approve }\ndefault: { outcome: deny }\n");
    expect([evaluatePolicy(p, facts({ resource: "logs/a" })).rule, evaluatePolicy(p, facts({ resource: "LOGS/a" })).rule]).toEqual(["logs", "default"]);
  });

  it("lets the first match win over a later, more specific rule", () => {
    const p = policy("name: p\nrules:\n  - { name: all iam, match: { action: 'iam.*' }, outcome: deny }\n  - { name: iam roles, match: { action: 'iam.role.*' }, outcome: auto-approve }\ndefault: { outcome: deny }\n");
    expect(evaluatePolicy(p, facts({ action: "iam.role.create" })).rule).toBe("all iam");
  });

  it("matches resource, agent (name or id), owner groups and risk signals", () => {
    const p = compilePolicy(
      policy(`name: p
rules:
  - { name: by resource, match: { resource: "arn:aws:s3:::logs/*" }, outcome: auto-approve }
  - { name: by agent id, match: { agent: agent-7 }, outcome: deny }
  - { name: by owner group, match: { ownerGroups: [dba, sre] }, outcome: deny }
  - { name: by risk, match: { risk: [sql-destructive, iam-wildcard] }, outcome: deny }
default: { outcome: require, stages: [{ approvals: 1, groups: [reviewers] }] }
`),
    );
    expect(evaluatePolicy(p, facts({ resource: "arn:aws:s3:::logs/2026/01" })).rule).toBe("default"); // `*` stops at `/`
    expect(evaluatePolicy(p, facts({ resource: "arn:aws:s3:::logs/app.log" })).rule).toBe("by resource");
    expect(evaluatePolicy(p, facts({ agent: { id: "agent-7", name: "deployer" } })).rule).toBe("by agent id");
    expect(evaluatePolicy(p, facts({ ownerGroups: ["eng", "sre"] })).rule).toBe("by owner group");
    expect(evaluatePolicy(p, facts({ signals: ["production", "iam-wildcard"] })).rule).toBe("by risk");
    expect(evaluatePolicy(p, facts({ ownerGroups: ["eng"], signals: ["production"] })).rule).toBe("default");
  });

  it("applies a CEL condition over the facts and the masked parameters", () => {
    const p = compilePolicy(policy(`name: p
rules:
  - name: big exports
    match: { action: db.export }
    when: parameters.rows > 1000 && "production" in signals
    outcome: require
    stages: [{ approvals: 2, groups: [reviewers] }]
    reasonRequired: [approve, reject]
    stepUp: 15
    grantValidity: 10m
    breakGlass: { groups: [oncall] }
default: { outcome: auto-approve }
`));
    expect(evaluatePolicy(p, facts({ action: "db.export", signals: ["production"], parameters: { rows: 5000 } }))).toMatchObject({
      rule: "big exports",
      reasonRequired: { approve: true, reject: true },
      stepUpMinutes: 15,
      grantValiditySeconds: 600,
      breakGlass: { groups: ["oncall"] },
    });
    expect(evaluatePolicy(p, facts({ action: "db.export", signals: ["production"], parameters: { rows: 10 } })).rule).toBe("default");
  });

  it("fails closed when a condition cannot be evaluated", () => {
    const p = compilePolicy(policy(`name: p
rules:
  - { name: cheap reads, when: "parameters.rows < 10", outcome: auto-approve }
  - { name: huge, when: "parameters.rows > 1000000", outcome: require, stages: [{ approvals: 2, groups: [r] }] }
default: { outcome: deny }
`));
    // No `rows`: the auto-approve does not apply, the stricter rule does.
    const e = evaluatePolicy(p, facts({ parameters: {} }));
    expect(e.rule).toBe("huge");
    expect(e.conditionErrors.map((c) => c.rule)).toEqual(["cheap reads", "huge"]);
  });

  it("gives the same answer for a document and its compiled form", () => {
    const f = facts({ action: "iam.user.create", environment: "production" });
    expect(evaluatePolicy(policy(CONTRACT_YAML), f)).toEqual(evaluatePolicy(contract, f));
  });
});
