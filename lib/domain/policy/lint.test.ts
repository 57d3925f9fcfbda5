import { describe, expect, it } from "vitest";
import { lintPolicy } from "./lint";
import { CONTRACT_YAML, policy } from "./test-documents";

const groupSizes = { reviewers: 3, security: 1, "team-leads": 2, dba: 4, oncall: 2 };
const codes = (text: string, sizes: Record<string, number> = groupSizes) => lintPolicy(policy(text), { groupSizes: sizes }).map((f) => `${f.code} ${f.path}`);
const withDefault = (rules: string) => `name: p\nrules:\n${rules}default: { outcome: require, stages: [{ approvals: 1, groups: [reviewers] }] }\n`;

describe("lintPolicy", () => {
  it("finds nothing wrong with the contract's document", () => expect(codes(CONTRACT_YAML)).toEqual([]));

  it("refuses a production rule that auto-approves without an acknowledgement", () => {
    expect(codes(withDefault("  - { name: prod reads, match: { action: 'db.read*', environment: 'prod*' }, outcome: auto-approve }\n"))).toEqual(["production-auto-approve rules[0]"]);
    // No environment at all includes production; so does an auto-approving default.
    expect(codes("name: p\nrules:\n  - { name: reads, match: { action: 'db.read*' }, outcome: auto-approve }\ndefault: { outcome: auto-approve }\n")).toEqual(["production-auto-approve rules[0]", "production-auto-approve default"]);
  });

  it("accepts production auto-approval once acknowledged, and staging auto-approval as is", () => {
    expect(codes(withDefault("  - { name: a, match: { environment: production }, outcome: auto-approve, acknowledge: production-auto-approve }\n  - { name: b, match: { environment: [staging, dev] }, outcome: auto-approve }\n"))).toEqual([]);
  });

  it("refuses a break-glass that no known person could use, and accepts one that someone could", () => {
    const rule = (groups: string) => withDefault(`  - { name: a, match: { action: x }, outcome: require, stages: [{ approvals: 1, groups: [reviewers] }], breakGlass: { groups: [${groups}] } }\n`);
    expect(codes(rule("ghosts"))).toEqual(["break-glass-unreachable rules[0].breakGlass.groups"]);
    expect(codes(rule("ghosts, oncall"))).toEqual([]);
  });

  it("refuses a quorum larger than the people who could ever give it", () => {
    expect(codes(withDefault("  - { name: a, match: { action: x }, outcome: require, stages: [{ approvals: 2, groups: [security] }] }\n"))).toEqual(["quorum-unreachable rules[0].stages[0].approvals"]);
    // Groups nobody has been seen in count as empty.
    expect(codes(withDefault("  - { name: a, match: { action: x }, outcome: require, stages: [{ approvals: 1, groups: [ghosts] }] }\n"))).toEqual(["quorum-unreachable rules[0].stages[0].approvals"]);
  });

  it("refuses stages that together need more distinct people than their groups hold", () => {
    expect(codes(withDefault("  - { name: a, match: { action: x }, outcome: require, stages: [{ approvals: 2, groups: [team-leads] }, { approvals: 1, groups: [team-leads] }] }\n"))).toEqual(["quorum-unreachable rules[0].stages"]);
  });

  it("refuses a stage whose only approvers are the groups whose requests it covers", () => {
    expect(codes(withDefault("  - { name: dba changes, match: { ownerGroups: [dba] }, outcome: require, stages: [{ approvals: 1, groups: [dba] }, { approvals: 1, groups: [dba, security] }] }\n"))).toEqual(["approvers-are-requesters rules[0].stages[0].groups"]);
  });

  it("refuses a rule shadowed by an earlier one", () => {
    expect(
      codes(
        withDefault(`  - { name: all db, match: { action: 'db.*' }, outcome: require, stages: [{ approvals: 1, groups: [reviewers] }] }
  - { name: db reads, match: { action: 'db.read*', environment: staging }, outcome: auto-approve }
  - { name: s3 all, match: { resource: 'arn:aws:s3:::**' }, outcome: deny }
  - { name: s3 logs, match: { resource: 'arn:aws:s3:::logs/*' }, outcome: deny }
`),
      ),
    ).toEqual(["shadowed-rule rules[1]", "shadowed-rule rules[3]"]);
  });

  it("does not call a rule shadowed when the earlier one is narrower or conditional", () => {
    expect(
      codes(
        withDefault(`  - { name: staging db, match: { action: 'db.*', environment: staging }, outcome: deny }
  - { name: all db, match: { action: 'db.*' }, outcome: deny }
  - { name: big, when: 'parameters.rows > 10', outcome: deny }
  - { name: anything, match: { action: '*' }, outcome: deny }
  - { name: nested, match: { action: 'a/b' }, outcome: deny }
`),
      ),
    ).toEqual([]);
  });

  it("refuses a draft without a default", () => {
    const { default: _, ...draft } = policy(CONTRACT_YAML);
    expect(lintPolicy(draft, { groupSizes }).map((f) => f.code)).toEqual(["missing-default"]);
  });
});
