import { compilePolicy, type CompiledPolicy } from "./compile";
import { firstLine, type ConditionContext } from "./condition";
import type { PolicyDocument, PolicyOutcomeSpec, PolicyStage } from "./document";
import { parseDuration } from "./duration";
import type { RequestFacts } from "./facts";
import type { RiskSignal } from "./risk-signal-names";

/** A request's time to live when the outcome names none: what the shipped default has always used. */
export const DEFAULT_TTL_SECONDS = 3600;

export type PolicyEvaluation = {
  /** The name of the rule that matched, or "default". */
  rule: string;
  ruleIndex: number | null;
  outcome: PolicyOutcomeSpec["outcome"];
  /** For `deny`: what the agent is told. */
  message: string | null;
  /** For `require`: ordered; empty otherwise. */
  stages: PolicyStage[];
  ttlSeconds: number;
  /** Null: the server's own grant lifetime. */
  grantValiditySeconds: number | null;
  reasonRequired: { approve: boolean; reject: boolean };
  stepUpMinutes: number | null;
  breakGlass: { groups: string[] } | null;
  /** The rule is high-risk: it issues no grant while sealing has stalled. Present only when true. */
  highRisk?: boolean;
  signals: RiskSignal[];
  /** Conditions that failed to evaluate (e.g. a parameter the request lacks), and what was done about it. */
  conditionErrors: { rule: string; message: string }[];
};

/**
 * First match wins. A `when` that fails to evaluate fails closed: it counts as a match for a rule
 * that denies or requires people (the stricter reading) and as no match for one that auto-approves.
 */
export function evaluatePolicy(policy: CompiledPolicy | PolicyDocument, request: RequestFacts): PolicyEvaluation {
  // The agent writes these: a stray space must not step around a rule (case is ignored by the matchers).
  const facts = { ...request, action: request.action.trim(), environment: request.environment.trim() };
  // A document is compiled on each call: callers that evaluate many requests compile once and pass that.
  const compiled = "document" in policy ? policy : compilePolicy(policy);
  const conditionErrors: PolicyEvaluation["conditionErrors"] = [];
  let context: ConditionContext | undefined;
  for (const rule of compiled.rules) {
    if (!rule.matches(facts)) continue;
    if (rule.condition) {
      context ??= conditionContext(facts);
      let holds: boolean;
      try {
        holds = rule.condition(context);
      } catch (error) {
        holds = rule.outcome.outcome !== "auto-approve";
        conditionErrors.push({ rule: rule.name, message: `${firstLine(error)} (${holds ? "treated as a match" : "treated as no match"})` });
      }
      if (!holds) continue;
    }
    return describe(rule.name, rule.index, rule.outcome, facts, conditionErrors);
  }
  return describe("default", null, compiled.default, facts, conditionErrors);
}

function describe(rule: string, ruleIndex: number | null, spec: PolicyOutcomeSpec, facts: RequestFacts, conditionErrors: PolicyEvaluation["conditionErrors"]): PolicyEvaluation {
  const base = {
    rule,
    ruleIndex,
    outcome: spec.outcome,
    message: null,
    stages: [],
    ttlSeconds: DEFAULT_TTL_SECONDS,
    grantValiditySeconds: null,
    reasonRequired: { approve: false, reject: false },
    stepUpMinutes: null,
    breakGlass: null,
    signals: [...facts.signals],
    conditionErrors,
  };
  switch (spec.outcome) {
    case "deny":
      return { ...base, message: spec.message ?? `Denied by the policy rule "${rule}".` };
    case "auto-approve":
      return { ...base, grantValiditySeconds: seconds(spec.grantValidity), ...highRisk(spec.highRisk) };
    case "require":
      return {
        ...base,
        stages: spec.stages.map((stage) => ({ approvals: stage.approvals, groups: [...stage.groups] })),
        ttlSeconds: seconds(spec.ttl) ?? DEFAULT_TTL_SECONDS,
        grantValiditySeconds: seconds(spec.grantValidity),
        reasonRequired: { approve: spec.reasonRequired?.includes("approve") ?? false, reject: spec.reasonRequired?.includes("reject") ?? false },
        stepUpMinutes: spec.stepUp ?? null,
        breakGlass: spec.breakGlass ? { groups: [...spec.breakGlass.groups] } : null,
        ...highRisk(spec.highRisk),
      };
  }
}

// Recorded only when set, so the evaluations of ordinary rules read as they always have.
const highRisk = (value: boolean | undefined) => (value ? { highRisk: true } : {});

const seconds = (text: string | undefined) => (text === undefined ? null : parseDuration(text));

function conditionContext(facts: RequestFacts): ConditionContext {
  return {
    action: facts.action,
    resource: facts.resource,
    environment: facts.environment,
    agent: { id: facts.agent.id, name: facts.agent.name },
    ownerGroups: facts.ownerGroups,
    signals: facts.signals,
    parameters: facts.parameters ?? {},
  };
}
