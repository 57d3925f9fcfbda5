import { describe, expect, it } from "vitest";
import { formatPolicyDocumentError, parsePolicyJson, parsePolicyYaml } from "./parse-document";
import { CONTRACT_YAML } from "./test-documents";


const messages = (text: string) => {
  const parsed = parsePolicyYaml(text);
  if (parsed.ok) throw new Error("expected errors");
  return parsed.errors.map(formatPolicyDocumentError);
};

describe("parsePolicyYaml", () => {
  it("accepts the contract's document", () => {
    const parsed = parsePolicyYaml(CONTRACT_YAML);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.document.rules.map((r) => [r.name, r.outcome])).toEqual([
      ["staging reads run at once", "auto-approve"],
      ["no drops through agents", "deny"],
      ["IAM in production needs two people, then security", "require"],
    ]);
    expect(parsed.document.rules[0]?.match?.action).toEqual(["db.read*"]);
  });

  it("names the line and field of a bad value", () => {
    expect(messages(CONTRACT_YAML.replace("{ approvals: 1, groups: [security] }", "{ approvals: 0, groups: [security] }"))).toEqual(["line 15, rules[2].stages[1].approvals: must be at least 1"]);
  });

  it("names the line of a misspelt field instead of ignoring it", () => {
    expect(messages(CONTRACT_YAML.replace("    ttl: 2h", "    tll: 2h"))).toEqual(["line 10, rules[2]: unknown field tll"]);
  });

  it("takes highRisk on auto-approve and require outcomes only, as true or false", () => {
    expect(messages(CONTRACT_YAML.replace("    ttl: 2h", "    ttl: 2h\n    highRisk: yes"))).toEqual(["line 17, rules[2].highRisk: must be true or false"]);
    expect(messages(CONTRACT_YAML.replace("    message: Dropping", "    highRisk: true\n    message: Dropping"))).toEqual(["line 6, rules[1]: unknown field highRisk"]);
    expect(parsePolicyYaml(CONTRACT_YAML.replace("    outcome: auto-approve", "    outcome: auto-approve\n    highRisk: true")).ok).toBe(true);
  });

  it("refuses a document without a default", () => {
    expect(messages(CONTRACT_YAML.slice(0, CONTRACT_YAML.indexOf("default:")))).toEqual(["line 1, default: is required"]);
  });

  it("refuses an unknown outcome, a bad duration and a condition that does not type-check", () => {
    const text = `name: p
rules:
  - name: a
    outcome: maybe
  - name: b
    outcome: require
    stages: [{ approvals: 1, groups: [r] }]
    ttl: 2 hours
  - name: c
    when: action + 1
    outcome: deny
default: { outcome: deny }
`;
    expect(messages(text)).toEqual([
      "line 4, rules[0].outcome: must be deny, auto-approve or require",
      "line 8, rules[1].ttl: must be a duration such as 30m or 1h, at most 30d",
      "line 10, rules[2].when: is not a valid condition: no such overload: string + int",
    ]);
  });

  it("refuses negated patterns and patterns with more than two wildcards", () => {
    expect(messages("name: p\nrules:\n  - { name: a, match: { action: '!db.*' }, outcome: deny }\n  - { name: b, match: { resource: ['x', '*a*b*'] }, outcome: deny }\ndefault: { outcome: deny }\n")).toEqual([
      "line 3, rules[0].match.action[0]: cannot be negated: put a rule for the exception first",
      "line 4, rules[1].match.resource[1]: may use at most two wildcards (* or **)",
    ]);
  });

  it("refuses two rules with one name, since requests record the rule by name", () => {
    expect(messages("name: p\nrules:\n  - { name: a, outcome: deny }\n  - { name: a, outcome: deny }\ndefault: { outcome: deny }\n")).toEqual(["line 4, rules[1].name: repeats the name of rules[0]"]);
  });

  it("reports YAML syntax errors with their line", () => {
    expect(messages("name: p\nrules: [\ndefault: x: y\n")[0]).toMatch(/^line \d+: /);
  });

  it("refuses aliases, which is how a few lines of YAML expand into gigabytes", () => {
    const bomb = "name: &a p\nrules: []\ndefault: { outcome: deny, message: *a }\n";
    expect(parsePolicyYaml(bomb).ok).toBe(false);
  });
});

describe("parsePolicyJson", () => {
  it("names the field of each error", () => {
    const parsed = parsePolicyJson({ name: "p", rules: [{ name: "a", outcome: "require", stages: [] }], default: { outcome: "require", stages: [{ approvals: 1.5, groups: ["r"] }] } });
    expect(parsed.ok ? [] : parsed.errors.map(formatPolicyDocumentError)).toEqual(["rules[0].stages: must have at least one stage", "default.stages[0].approvals: must be a whole number"]);
  });
});
