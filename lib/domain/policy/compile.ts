import picomatch from "picomatch";
import { compileCondition, type CompiledCondition } from "./condition";
import type { PolicyDocument, PolicyMatch, PolicyOutcomeSpec, PolicyRule } from "./document";
import type { RequestFacts } from "./facts";

/** A rule ready to test against a request: globs turned into matchers and the condition parsed, once. */
export type CompiledRule = {
  name: string;
  index: number;
  /** The fields of the match as one test; absent fields match everything. */
  matches: (facts: RequestFacts) => boolean;
  condition: CompiledCondition | null;
  outcome: PolicyOutcomeSpec;
};

export type CompiledPolicy = { document: PolicyDocument; rules: CompiledRule[]; default: PolicyOutcomeSpec };

/**
 * Globs: `*` stops at `/` (resources such as `arn:aws:s3:::bucket/*` read naturally), `**` does not;
 * dots are ordinary characters, so `db.*` matches `db.read` and `*` matches `.env`; a backslash is
 * never a separator, whatever the platform, so a policy decides the same everywhere. `nocase` is for
 * names an agent chooses the spelling of (action, environment), so `DB.Drop` is still `db.drop*`.
 */
export function globMatcher(patterns: readonly string[], { nocase = false } = {}): (value: string) => boolean {
  // One regular expression for the list, tested directly: picomatch's own matcher function does
  // bookkeeping per call that costs more than the test itself, and a policy runs hundreds per request.
  const regex = new RegExp(patterns.map((pattern) => picomatch.makeRe(pattern, { dot: true, windows: false, nocase }).source).join("|"), nocase ? "i" : "");
  return (value) => regex.test(value);
}

/** Precompiles a validated document; evaluatePolicy then costs only the tests, never a parse. */
export function compilePolicy(document: PolicyDocument): CompiledPolicy {
  return {
    document,
    rules: document.rules.map((rule, index) => compileRule(rule, index)),
    default: document.default,
  };
}

function compileRule(rule: PolicyRule, index: number): CompiledRule {
  const { name, match, when, ...outcome } = rule;
  let condition: CompiledCondition | null = null;
  if (when !== undefined) {
    const compiled = compileCondition(when);
    // The schema has already checked the condition: a failure here means the document skipped validation.
    if (!compiled.ok) throw new Error(`rules[${index}].when: ${compiled.error}`);
    condition = compiled.condition;
  }
  return { name, index, matches: compileMatch(match), condition, outcome };
}

function compileMatch(match: PolicyMatch | undefined): (facts: RequestFacts) => boolean {
  const tests: ((facts: RequestFacts) => boolean)[] = [];
  if (match?.environment) {
    const test = globMatcher(match.environment, { nocase: true });
    tests.push((f) => test(f.environment));
  }
  if (match?.action) {
    const test = globMatcher(match.action, { nocase: true });
    tests.push((f) => test(f.action));
  }
  if (match?.resource) {
    const test = globMatcher(match.resource);
    tests.push((f) => test(f.resource));
  }
  if (match?.agent) {
    const test = globMatcher(match.agent, { nocase: true });
    tests.push((f) => test(f.agent.name) || test(f.agent.id));
  }
  if (match?.ownerGroups) {
    const wanted = new Set(match.ownerGroups);
    tests.push((f) => f.ownerGroups.some((group) => wanted.has(group)));
  }
  if (match?.risk) {
    const wanted = new Set<string>(match.risk);
    tests.push((f) => f.signals.some((signal) => wanted.has(signal)));
  }
  return (facts) => tests.every((test) => test(facts));
}
