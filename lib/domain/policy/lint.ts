import { globMatcher } from "./compile";
import type { PolicyDefault, PolicyDocument, PolicyMatch, PolicyOutcomeSpec, PolicyRule } from "./document";

export type LintCode = "production-auto-approve" | "quorum-unreachable" | "break-glass-unreachable" | "approvers-are-requesters" | "shadowed-rule" | "missing-default";

export type LintFinding = { code: LintCode; rule: string; path: string; message: string };

/** A document as drafted: the linter also reports what the schema refuses outright (a missing default). */
export type PolicyDraft = Omit<PolicyDocument, "default"> & { default?: PolicyDefault };

export type LintOptions = {
  /** How many people are in each group (counted from the groups seen at sign-in); unknown groups have none. */
  groupSizes: Readonly<Record<string, number>>;
};

/** Names that are production whatever the exact spelling; a rule whose environment matches one applies there. */
const PRODUCTION_NAMES = ["production", "prod", "prd", "live", "prod-eu-west-1", "production-us"];

/** Refusals, in document order: a policy with any finding must not be saved. */
export function lintPolicy(document: PolicyDraft, options: LintOptions): LintFinding[] {
  const findings: LintFinding[] = [];
  document.rules.forEach((rule, index) => {
    const path = `rules[${index}]`;
    findings.push(...outcomeFindings(rule.name, path, rule, rule.match, options));
    const shadow = document.rules.slice(0, index).findIndex((earlier) => covers(earlier, rule));
    if (shadow !== -1) {
      findings.push({ code: "shadowed-rule", rule: rule.name, path, message: `never applies: rules[${shadow}] ("${document.rules[shadow]?.name}") comes first and matches every request it would` });
    }
  });
  if (document.default === undefined) findings.push({ code: "missing-default", rule: "default", path: "default", message: "a policy needs a default outcome for requests no rule matches" });
  else findings.push(...outcomeFindings("default", "default", document.default, undefined, options));
  return findings;
}

function outcomeFindings(rule: string, path: string, outcome: PolicyOutcomeSpec, match: PolicyMatch | undefined, { groupSizes }: LintOptions): LintFinding[] {
  const findings: LintFinding[] = [];
  if (outcome.outcome === "auto-approve" && outcome.acknowledge === undefined && appliesToProduction(match)) {
    findings.push({ code: "production-auto-approve", rule, path, message: "auto-approves in production: narrow its environment, or write `acknowledge: production-auto-approve`" });
  }
  if (outcome.outcome !== "require") return findings;

  const size = (groups: Iterable<string>) => [...new Set(groups)].reduce((n, group) => n + (groupSizes[group] ?? 0), 0);
  outcome.stages.forEach((stage, index) => {
    const people = size(stage.groups);
    if (stage.approvals > people) {
      findings.push({ code: "quorum-unreachable", rule, path: `${path}.stages[${index}].approvals`, message: `needs ${stage.approvals} approvals but ${stage.groups.join(", ")} ${people === 1 ? "has 1 person" : `have ${people} people`}` });
    }
    if (match?.ownerGroups && stage.groups.every((group) => match.ownerGroups?.includes(group))) {
      findings.push({ code: "approvers-are-requesters", rule, path: `${path}.stages[${index}].groups`, message: `its only approvers (${stage.groups.join(", ")}) are the groups whose agents' requests it covers` });
    }
  });
  // An emergency path nobody can take is found out during the emergency: refuse it now.
  if (outcome.breakGlass && size(outcome.breakGlass.groups) === 0) {
    findings.push({ code: "break-glass-unreachable", rule, path: `${path}.breakGlass.groups`, message: `allows break-glass to ${outcome.breakGlass.groups.join(", ")}, which nobody has signed in as a member of` });
  }
  // Nobody approves a request twice: every stage's approvals are distinct people.
  const total = outcome.stages.reduce((n, stage) => n + stage.approvals, 0);
  const everyone = size(outcome.stages.flatMap((stage) => stage.groups));
  if (outcome.stages.length > 1 && total > everyone) {
    findings.push({ code: "quorum-unreachable", rule, path: `${path}.stages`, message: `needs ${total} distinct approvers across its stages but its groups have ${everyone} people` });
  }
  return findings;
}

function appliesToProduction(match: PolicyMatch | undefined): boolean {
  if (!match?.environment) return true;
  const test = globMatcher(match.environment, { nocase: true });
  return PRODUCTION_NAMES.some((name) => test(name));
}

/**
 * Whether `earlier` matches every request `later` matches, judged from the rules as data: each field
 * `earlier` constrains, `later` constrains at least as narrowly. Conservative: a condition on the
 * earlier rule, or a glob it cannot compare, means "not shadowed", never a false refusal.
 */
function covers(earlier: PolicyRule, later: PolicyRule): boolean {
  if (earlier.when !== undefined) return false;
  const a = earlier.match ?? {};
  const b = later.match ?? {};
  const globsCover = (x: string[] | undefined, y: string[] | undefined) => x === undefined || (y !== undefined && y.every((p) => x.some((q) => patternCovers(q, p))));
  const setCovers = (x: readonly string[] | undefined, y: readonly string[] | undefined) => x === undefined || (y !== undefined && y.every((v) => x.includes(v)));
  return globsCover(a.action, b.action) && globsCover(a.resource, b.resource) && globsCover(a.environment, b.environment) && globsCover(a.agent, b.agent) && setCovers(a.ownerGroups, b.ownerGroups) && setCovers(a.risk, b.risk);
}

const GLOB_CHARS = /[*?[\]{}()!+@\\]/;

/** Whether every string `p` matches, `q` matches too (true only when that is certain). */
function patternCovers(q: string, p: string): boolean {
  if (q === p || q === "**") return true;
  if (!GLOB_CHARS.test(p)) return globMatcher([q])(p);
  const prefix = q.replace(/\*\*?$/, "");
  if (prefix === q || GLOB_CHARS.test(prefix) || !p.startsWith(prefix)) return false;
  // `db.*` covers `db.read*`; a single `*` stops at `/`, so it covers only what cannot reach one.
  const rest = p.slice(prefix.length);
  return q.endsWith("**") || (!rest.includes("/") && !rest.includes("**"));
}
