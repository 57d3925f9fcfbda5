import { buildChangeModel } from "../diff/change-model";
import { isPlainObject } from "../diff/pretty-json";
import type { PolicyStage } from "../policy/document";
import { stageProgress } from "../request/stage-progress";
import type { RequestStatus } from "../request-status";

/**
 * A request as every chat shows it (Slack Block Kit, Teams Adaptive Cards), whatever the provider:
 * built from the stored (already masked) request, so nothing raw can reach a chat message.
 */
export type ChatRequestView = {
  id: string;
  summary: string;
  action: string;
  resource: string;
  environment: string;
  agentName: string;
  /** A few of the parameters (masked as stored), `name: value`, each cut short. */
  highlights: string[];
  /** What was masked, by kind: "2 × aws_secret_key". */
  masked: string[];
  /** "+12 −3 lines", "3 resources change", or null without a change. */
  diffSize: string | null;
  policy: string;
  /** Approvals still needed, across the remaining stages; 0 once none are. */
  approvalsNeeded: number;
  status: RequestStatus;
  /** Who decided, oldest first: "bob@example.com approved". */
  decisions: string[];
  /** Buttons are offered only while the request takes decisions. */
  open: boolean;
  url: string;
};

export type ChatRequestInput = {
  id: string;
  summary: string;
  action: string;
  resource: string;
  environment: string;
  agentName: string;
  parameters: unknown;
  change: unknown;
  masking: Record<string, number>;
  policyName: string;
  rule: string;
  stages: readonly PolicyStage[];
  status: RequestStatus;
  decisions: { decider: string; outcome: "approve" | "reject"; kind: string }[];
  expiresAt: Date;
};

const MAX_HIGHLIGHTS = 5;
const MAX_TEXT = 120;

export function chatRequestView(input: ChatRequestInput, appUrl: string, now: Date): ChatRequestView {
  const approvals = input.decisions.filter((decision) => decision.outcome === "approve" && decision.kind === "user").length;
  const progress = stageProgress(input.stages, approvals);
  const approvalsNeeded = progress.stages.reduce((sum, stage) => sum + stage.approvals - stage.received, 0);
  const open = input.status === "pending" && now.getTime() < input.expiresAt.getTime();
  return {
    id: input.id,
    summary: cut(input.summary),
    action: cut(input.action),
    resource: cut(input.resource),
    environment: cut(input.environment),
    agentName: cut(input.agentName),
    highlights: highlights(input.parameters),
    masked: Object.entries(input.masking)
      .filter(([, count]) => count > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, count]) => `${count} × ${kind}`),
    diffSize: diffSize(input.change),
    policy: input.rule === "default" ? input.policyName : `${input.policyName} (rule ${input.rule})`,
    approvalsNeeded: input.status === "pending" ? approvalsNeeded : 0,
    status: input.status,
    decisions: input.decisions.map((decision) => `${decision.decider} ${decision.outcome === "approve" ? "approved" : "rejected"}`),
    open,
    url: `${appUrl}/requests/${input.id}`,
  };
}

function highlights(parameters: unknown): string[] {
  if (!isPlainObject(parameters)) return parameters === null || parameters === undefined ? [] : [cut(JSON.stringify(parameters))];
  return Object.entries(parameters)
    .slice(0, MAX_HIGHLIGHTS)
    .map(([name, value]) => cut(`${name}: ${typeof value === "string" ? value : JSON.stringify(value)}`));
}

function diffSize(change: unknown): string | null {
  const model = buildChangeModel(change);
  if (!model) return null;
  if (model.kind === "diff") return `+${model.additions} −${model.deletions} lines`;
  if (model.kind === "terraform-plan") {
    const changed = model.plan.resources.length;
    return `${changed} ${changed === 1 ? "resource changes" : "resources change"}`;
  }
  return "a change that could not be diffed";
}

/** Chat messages have tight limits and are read at a glance: one line, cut with an ellipsis. */
function cut(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT - 1)}…` : line;
}
