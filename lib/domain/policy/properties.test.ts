import fc from "fast-check";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { compilePolicy } from "./compile";
import { policyDocumentSchema, type PolicyDocument, type PolicyMatch } from "./document";
import { evaluatePolicy } from "./evaluate";
import type { RequestFacts } from "./facts";
import { lintPolicy } from "./lint";
import { parsePolicyYaml } from "./parse-document";
import { RISK_SIGNALS } from "./risk-signal-names";
import { policyToYaml } from "./serialize";

// A small vocabulary, so random rules overlap, cover and shadow each other often.
const ACTION_GLOBS = ["db.*", "db.read*", "db.read", "db.read.rows", "db.**", "iam.*", "iam.role.*", "iam.role.create", "*", "**", "*.read", "{db,iam}.read"];
const ACTIONS = ["db.read", "db.read.rows", "db.readx", "db.write", "iam.read", "iam.role.create", "iam.role", "x", "db", ".env", "DB.Read", "IAM.role.create"];
const RESOURCE_GLOBS = ["orders", "orders/*", "orders/**", "**", "*", "users/*/email"];
const RESOURCES = ["orders", "orders/2026", "orders/2026/01", "users/7/email", "users", "x/y"];
const ENVIRONMENTS = ["production", "staging", "prod-eu", "dev", "Production"];
const GROUPS = ["dba", "sre", "eng"];

const subset = <T>(items: readonly T[]) => fc.subarray([...items], { minLength: 1 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const matchArb: fc.Arbitrary<PolicyMatch> = fc
  .record({
    action: maybe(subset(ACTION_GLOBS)),
    resource: maybe(subset(RESOURCE_GLOBS)),
    environment: maybe(subset([...ENVIRONMENTS, "prod*"])),
    ownerGroups: maybe(subset(GROUPS)),
    risk: maybe(subset(RISK_SIGNALS)),
  })
  .map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)) as PolicyMatch);

const outcomeArb = fc.oneof(
  fc.constant({ outcome: "deny" as const }),
  fc.constant({ outcome: "auto-approve" as const }),
  fc.record({ outcome: fc.constant("require" as const), stages: fc.array(fc.record({ approvals: fc.integer({ min: 1, max: 3 }), groups: subset(GROUPS) }), { minLength: 1, maxLength: 3 }), ttl: maybe(fc.constantFrom("30m", "2h", "1h30m")) }),
);

const documentArb: fc.Arbitrary<PolicyDocument> = fc
  .array(fc.tuple(maybe(matchArb), outcomeArb), { maxLength: 12 })
  .chain((rules) =>
    outcomeArb.map((fallback) =>
      policyDocumentSchema.parse({ name: "random", rules: rules.map(([match, outcome], i) => ({ name: `rule ${i}`, ...(match && { match }), ...outcome })), default: fallback }),
    ),
  );

const factsArb: fc.Arbitrary<RequestFacts> = fc.record({
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom(...RESOURCES),
  environment: fc.constantFrom(...ENVIRONMENTS),
  agent: fc.constant({ id: "agent-1", name: "demo-agent" }),
  ownerGroups: fc.subarray(GROUPS),
  signals: fc.subarray([...RISK_SIGNALS]),
});

/** The reference reading of a match, with picomatch's own matcher: independent of compile.ts. */
function referenceMatches(match: PolicyMatch | undefined, f: RequestFacts): boolean {
  const glob = (patterns: string[] | undefined, value: string, nocase = false) => patterns === undefined || picomatch(patterns, { dot: true, windows: false, nocase })(value);
  const any = (wanted: readonly string[] | undefined, have: readonly string[]) => wanted === undefined || have.some((v) => wanted.includes(v));
  return glob(match?.action, f.action, true) && glob(match?.resource, f.resource) && glob(match?.environment, f.environment, true) && any(match?.ownerGroups, f.ownerGroups) && any(match?.risk, f.signals);
}

describe("policy engine properties", () => {
  it("picks the first rule that matches, else the default", () => {
    fc.assert(
      fc.property(documentArb, factsArb, (document, f) => {
        const expected = document.rules.find((rule) => referenceMatches(rule.match, f))?.name ?? "default";
        expect(evaluatePolicy(compilePolicy(document), f).rule).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("never applies a rule the linter calls shadowed", () => {
    fc.assert(
      fc.property(documentArb, fc.array(factsArb, { minLength: 20, maxLength: 20 }), (document, requests) => {
        const shadowed = new Set(lintPolicy(document, { groupSizes: {} }).filter((f) => f.code === "shadowed-rule").map((f) => f.rule));
        const policy = compilePolicy(document);
        for (const f of requests) expect(shadowed.has(evaluatePolicy(policy, f).rule)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("round-trips every document through YAML", () => {
    fc.assert(
      fc.property(documentArb, (document) => {
        expect(parsePolicyYaml(policyToYaml(document))).toEqual({ ok: true, document });
      }),
      { numRuns: 200 },
    );
  });
});
