import type { HashableEvent } from "../../event-chain";

type Cell = string | number | null;
type Row = (seq: number, event: HashableEvent) => Cell[];

/**
 * A population derived from the pack's own events: one CSV row per event of the listed types, so it
 * is complete and accurate by construction and `verify` rebuilds it byte for byte from events.ndjson.
 */
export type EventPopulation = { name: string; types: readonly string[]; header: readonly string[]; row: Row };

const d = (event: HashableEvent) => (event.data ?? {}) as Record<string, unknown>;
const actor = (event: HashableEvent) => (event.actor ?? {}) as { kind?: string; id?: string; auth?: string; groups?: string[]; authentication?: { time?: string | null; methods?: string[] } };
const text = (value: unknown): Cell => (value === undefined || value === null ? null : typeof value === "string" || typeof value === "number" ? value : JSON.stringify(value));
const list = (value: unknown): Cell => (Array.isArray(value) ? value.map(String).join(" ") : null);
const base = (seq: number, event: HashableEvent): Cell[] => [seq, event.id, event.occurredAt, event.type];
const BASE = ["seq", "event_id", "occurred_at", "type"] as const;

export const EVENT_POPULATIONS: readonly EventPopulation[] = [
  {
    name: "requests",
    types: ["request.created"],
    header: [...BASE, "request_id", "agent_id", "action", "resource", "environment", "on_behalf_of", "payload_digest", "masked_values"],
    row: (seq, e) => {
      const x = d(e);
      const counts = (x.masking as { counts?: Record<string, number> } | undefined)?.counts ?? {};
      return [...base(seq, e), e.streamId, text(x.agentId), text(x.action), text(x.resource), text(x.environment), text(x.onBehalfOf), text(x.payloadDigest), Object.values(counts).reduce((a, b) => a + b, 0)];
    },
  },
  {
    name: "policy-evaluations",
    types: ["policy.evaluated"],
    header: [...BASE, "request_id", "policy_id", "policy_version", "rule", "outcome", "required_approvals", "expires_at"],
    row: (seq, e) => {
      const x = d(e);
      return [...base(seq, e), e.streamId, text(x.policyId), text(x.policyVersion), text((x.evaluation as { rule?: string } | undefined)?.rule), text(x.outcome), text(x.requiredApprovals), text(x.expiresAt)];
    },
  },
  {
    name: "decisions",
    types: ["decision.approved", "decision.rejected", "decision.break_glass", "decision.refused"],
    header: [...BASE, "request_id", "decider_kind", "decider", "auth", "groups", "auth_time", "auth_methods", "stage", "code", "reason"],
    row: (seq, e) => {
      const x = d(e);
      const a = actor(e);
      return [...base(seq, e), e.streamId, text(a.kind), text(a.id), text(a.auth), list(a.groups), text(a.authentication?.time), list(a.authentication?.methods), text(x.stage), text(x.code), text(x.reason)];
    },
  },
  {
    name: "grants",
    types: ["grant.issued"],
    header: [...BASE, "request_id", "grant_id", "kid", "payload_digest", "approvers", "expires_at"],
    row: (seq, e) => {
      const x = d(e);
      return [...base(seq, e), e.streamId, text(x.grantId), text(x.kid), text(x.payloadDigest), list(x.approvers), text(x.expiresAt)];
    },
  },
  {
    name: "executions",
    types: ["execution.reported"],
    header: [...BASE, "request_id", "agent", "outcome", "grant_id", "detail"],
    row: (seq, e) => {
      const x = d(e);
      return [...base(seq, e), e.streamId, text(actor(e).id), text(x.outcome), text(x.grantId), text(x.detail)];
    },
  },
  {
    name: "policy-versions",
    types: ["policy.changed"],
    header: [...BASE, "policy_id", "version", "change_request_id", "proposed_by", "approvers", "applied_by"],
    row: (seq, e) => {
      const x = d(e);
      return [...base(seq, e), e.streamId, text(x.version), text(x.changeRequestId), text(x.proposedBy), list(x.approvers), text(actor(e).id)];
    },
  },
  {
    name: "agent-keys",
    types: ["agent.created", "agent.revoked", "api_key.created", "api_key.revoked"],
    header: [...BASE, "agent_id", "by", "name", "owner", "key_id", "key_prefix", "revoked_key_ids", "scope"],
    row: (seq, e) => {
      const x = d(e);
      return [...base(seq, e), e.streamId, text(actor(e).id), text(x.name), text(x.owner), text(x.keyId), text(x.displayPrefix), list(x.revokedKeyIds), text(x.scope)];
    },
  },
  {
    name: "sign-ins",
    types: ["user.signed_in"],
    header: [...BASE, "email", "groups", "auth_time", "auth_methods", "acr"],
    row: (seq, e) => {
      const x = d(e);
      const auth = (x.authentication ?? {}) as { time?: string | null; methods?: string[]; contextClass?: string | null };
      return [...base(seq, e), text(x.email), list(x.groups), text(auth.time), list(auth.methods), text(auth.contextClass)];
    },
  },
  {
    name: "break-glass",
    types: ["decision.break_glass", "break_glass.confirmed"],
    header: [...BASE, "request_id", "by", "rule", "reason", "confirmations", "required_confirmations"],
    row: (seq, e) => {
      const x = d(e);
      return [...base(seq, e), e.streamId, text(actor(e).id), text(x.rule), text(x.reason), text(x.confirmations), text(x.requiredConfirmations)];
    },
  },
];

/** populations/exceptions.csv: every exception the tests found, in the order they were found (the end-of-period ones last). */
export const EXCEPTIONS_HEADER = ["check", "subject", "seq", "occurred_at", "actor", "detail"] as const;

/** populations/agents.csv: the agents table as of the export, the reference the independence test reads owners from. */
export const AGENTS_HEADER = ["agent_id", "name", "owner", "created_at", "revoked_at"] as const;

/** Which populations an event type belongs to, looked up once per event. */
export function populationsByType(): Map<string, EventPopulation[]> {
  const byType = new Map<string, EventPopulation[]>();
  for (const population of EVENT_POPULATIONS) for (const type of population.types) byType.set(type, [...(byType.get(type) ?? []), population]);
  return byType;
}

export const populationPath = (name: string) => `populations/${name}.csv`;
