import { compilePolicy, type CompiledPolicy } from "./compile";
import type { PolicyDocument } from "./document";
import { evaluatePolicy, type PolicyEvaluation } from "./evaluate";
import type { RequestFacts } from "./facts";

export type SimulatedRequest = RequestFacts & { id: string };

export type SimulationResult = {
  results: { id: string; before: PolicyEvaluation; after: PolicyEvaluation; changed: boolean }[];
  summary: {
    total: number;
    /** Requests the draft would decide differently (outcome, people, time limits or proof asked for). */
    changed: number;
    before: Record<PolicyEvaluation["outcome"], number>;
    after: Record<PolicyEvaluation["outcome"], number>;
    /** `require → auto-approve: 3`, the moves a reviewer of the change cares about most. */
    transitions: { from: PolicyEvaluation["outcome"]; to: PolicyEvaluation["outcome"]; count: number }[];
  };
};

/** How the draft would have decided these requests, against how the current version decides them. */
export function simulatePolicy(draft: PolicyDocument | CompiledPolicy, current: PolicyDocument | CompiledPolicy, requests: readonly SimulatedRequest[]): SimulationResult {
  const draftPolicy = "document" in draft ? draft : compilePolicy(draft);
  const currentPolicy = "document" in current ? current : compilePolicy(current);
  const counts = () => ({ deny: 0, "auto-approve": 0, require: 0 });
  const summary: SimulationResult["summary"] = { total: requests.length, changed: 0, before: counts(), after: counts(), transitions: [] };
  const results = requests.map((request) => {
    const before = evaluatePolicy(currentPolicy, request);
    const after = evaluatePolicy(draftPolicy, request);
    const changed = decisionKey(before) !== decisionKey(after);
    summary.before[before.outcome]++;
    summary.after[after.outcome]++;
    if (changed) summary.changed++;
    if (before.outcome !== after.outcome) {
      const transition = summary.transitions.find((t) => t.from === before.outcome && t.to === after.outcome);
      if (transition) transition.count++;
      else summary.transitions.push({ from: before.outcome, to: after.outcome, count: 1 });
    }
    return { id: request.id, before, after, changed };
  });
  return { results, summary };
}

/** What a decision demands, without which rule said so: renaming a rule changes nothing for a request. */
function decisionKey(e: PolicyEvaluation): string {
  return JSON.stringify([e.outcome, e.message, e.stages, e.ttlSeconds, e.grantValiditySeconds, e.reasonRequired, e.stepUpMinutes, e.breakGlass]);
}
