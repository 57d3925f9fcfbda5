import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { Database } from "../../db/client";
import { appendEvents, type NewEvent } from "../../db/event-store";
import type { RecordedActor } from "../../lib/domain/recorded-actor";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { newServiceContext } from "../../lib/services/service-context";
import { alice, erin, submitSample, type SeededAgent } from "./fixtures";

const person = (email: string, groups: string[] = ["reviewers"]): RecordedActor => ({ kind: "user", id: email, auth: "oidc-session", groups });
const DIGEST = `sha256:${"a".repeat(64)}`;

/**
 * A clean request or two, and an exception of every kind the control tests look for, for an agent
 * erin owns. Events as an older release, a restore or someone with write access to the database could
 * have left them: the verbs refuse every one of these, so they are appended to the event store
 * directly (and sealed by the real sealer), which is exactly what the re-performed tests must catch.
 * Returns the request (or policy version) each kind was planted on; `independent-approval` has two.
 */
export async function plantExceptionsOfEveryKind(db: Database, agent: SeededAgent): Promise<Record<string, string>> {
  const planted: Record<string, string> = {};
  const plant = (streamId: string, events: { type: string; actor: RecordedActor; data: Record<string, unknown>; streamType?: string }[]) =>
    db.transaction((tx) => appendEvents(tx, events.map((e) => ({ streamType: "request", streamId, ...e }) as NewEvent), { now: new Date() }));
  const request = (overrides: Record<string, unknown> = {}) => ({
    type: "request.created",
    actor: { kind: "agent", id: agent.id, auth: "api-key" } as RecordedActor,
    data: { agentId: agent.id, action: "db.export", resource: "postgres://prod", environment: "production", summary: "planted", reasoning: null, parameters: {}, context: null, change: null, onBehalfOf: null, payloadDigest: DIGEST, masking: { counts: {}, engineVersion: "1" }, ...overrides },
  });
  const grant = (expiresAt: Date, payloadDigest = DIGEST) => ({ type: "grant.issued", actor: { kind: "system", id: "countersign", auth: "internal" } as RecordedActor, data: { grantId: "g-1", kid: "k", payloadDigest, approvers: ["alice@example.com"], expiresAt: expiresAt.toISOString() } });
  const execution = { type: "execution.reported", actor: { kind: "agent", id: "agent", auth: "api-key" } as RecordedActor, data: { outcome: "succeeded", detail: null, grantId: "g-1" } };
  const approval = (by: string) => ({ type: "decision.approved", actor: person(by), data: { reason: null, approvals: 1, requiredApprovals: 1 } });

  // A clean request, decided through the verbs, and one executed as it should be.
  const clean = await submitSample(db, agent);
  await approveActionRequest(newServiceContext(db, alice), clean.id, "fine");
  await plant(randomUUID(), [request(), approval("alice@example.com"), grant(new Date(Date.now() + 3600_000)), execution]);

  // A refused self-approval, through the verbs: erin owns the agent.
  const own = await submitSample(db, agent);
  await expect(approveActionRequest(newServiceContext(db, erin), own.id)).rejects.toMatchObject({ code: "SEPARATION_OF_DUTIES" });
  planted["self-approval-refused"] = own.id;

  for (const [kind, events] of Object.entries({
    "grant-before-execution": [request(), execution],
    "independent-approval/owner": [request(), approval("erin@example.com")],
    "independent-approval/on-behalf": [request({ onBehalfOf: "bob@example.com" }), approval("bob@example.com")],
    "grant-within-expiry": [request(), approval("alice@example.com"), grant(new Date(Date.now() - 60_000)), execution],
    "approved-digest-executed": [request(), approval("alice@example.com"), grant(new Date(Date.now() + 3600_000), `sha256:${"b".repeat(64)}`), execution],
    "break-glass-follow-up": [request(), { type: "decision.break_glass", actor: person("dan@example.com", ["oncall"]), data: { reason: "Outage", approvals: 1, requiredApprovals: 1, rule: "r", groups: ["oncall"] } }],
  })) {
    planted[kind] = randomUUID();
    await plant(planted[kind], events);
  }
  planted["policy-second-administrator"] = "default v99";
  await plant("default", [
    { type: "policy.changed", streamType: "policy", actor: person("dave@example.com", ["admins"]), data: { id: "default", version: 99, document: {}, changeRequestId: randomUUID(), proposedBy: "dave@example.com", approvers: ["dave@example.com"] } },
  ]);
  return planted;
}
