import type { MaskCounts } from "../masking";
import { deriveRiskSignals } from "./risk-signals";
import type { RiskSignal } from "./risk-signal-names";

/** What a policy decides on: the request as stored (masked), who sent it, and what it risks. */
export type RequestFacts = {
  action: string;
  resource: string;
  environment: string;
  agent: { id: string; name: string };
  /** The groups of the agent's owner, as last seen at sign-in. */
  ownerGroups: readonly string[];
  /** From deriveRiskSignals over the stored request. */
  signals: readonly RiskSignal[];
  /** The stored, masked parameters, for `when` conditions. */
  parameters?: unknown;
};

/** The facts of a stored (masked) request: what it asks, who sent it, and the signals Countersign derives from it. */
export function requestFacts(
  request: { action: string; resource: string; environment: string; parameters: unknown; change: unknown; counts: MaskCounts },
  agent: { id: string; name: string },
  ownerGroups: readonly string[],
): RequestFacts {
  const { action, resource, environment, parameters } = request;
  return { action, resource, environment, agent, ownerGroups, signals: deriveRiskSignals(request), parameters };
}
