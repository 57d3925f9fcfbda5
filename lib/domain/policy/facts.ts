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
