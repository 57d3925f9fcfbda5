import type { PolicyStage } from "./document";
import { describeDuration } from "./duration";
import type { PolicyEvaluation } from "./evaluate";

/** The evaluation in words, for the request page: which rule matched and what it asks for. */
export function explainPolicyEvaluation(e: PolicyEvaluation): string {
  const who = e.rule === "default" ? "No rule matched; the default" : `Rule "${e.rule}"`;
  const signals = e.signals.length > 0 ? ` Risk signals: ${e.signals.join(", ")}.` : "";
  switch (e.outcome) {
    case "deny":
      return `${who} denies it: ${e.message ?? "denied by policy."}${signals}`;
    case "auto-approve":
      return `${who} approves it without a person${e.highRisk ? " (high-risk: not while sealing has stalled)" : ""}.${signals}`;
    case "require": {
      const parts = [`${who} requires ${e.stages.map(describeStage).join(", then ")}`];
      if (e.stepUpMinutes !== null) parts.push(`approvers must have signed in within the last ${describeDuration(e.stepUpMinutes * 60)}`);
      const reasons = [e.reasonRequired.approve && "approve", e.reasonRequired.reject && "reject"].filter(Boolean);
      if (reasons.length > 0) parts.push(`a reason is required to ${reasons.join(" or ")}`);
      if (e.highRisk) parts.push("it is high-risk: no grant while sealing has stalled");
      if (e.breakGlass) parts.push(`in an emergency one person from ${e.breakGlass.groups.join(" or ")} may approve alone, with a reason`);
      parts.push(`expires after ${describeDuration(e.ttlSeconds)}`);
      return `${parts.join("; ")}.${signals}`;
    }
  }
}

function describeStage(stage: PolicyStage): string {
  const groups = stage.groups.join(" or ");
  return stage.approvals === 1 ? `one approval from ${groups}` : `${stage.approvals} approvals from distinct people in ${groups}`;
}
