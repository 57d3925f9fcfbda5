import { assert, describe, expect, it } from "vitest";
import type { AgentActor, UserActor } from "../actor";
import { legacyEvaluation } from "../policy/default-policy";
import { evaluatePolicy, type PolicyEvaluation } from "../policy/evaluate";
import { parsePolicyYaml } from "../policy/parse-document";
import { facts } from "../policy/test-documents";
import { decide, evolve, type DecideContext, type PolicyDecision, type RequestCommand, type RequestState } from "./request-decider";
import type { RequestEvent } from "./request-events";

// Given events, when a command, then events or a refusal: the decider's whole contract, no database.
const t0 = new Date("2026-11-21T12:00:00.250Z");
const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const person = (email: string, groups: string[], roles: UserActor["roles"]): UserActor => ({ kind: "user", id: email, email, name: email.split("@")[0]!, groups, roles });
const alice = person("alice@example.com", ["reviewers"], ["reviewer"]);
const bob = person("bob@example.com", ["reviewers"], ["reviewer"]);
const erin = person("erin@example.com", ["reviewers"], ["reviewer"]);
const carol = person("carol@example.com", ["auditors"], ["auditor"]);
const agent: AgentActor = { kind: "agent", id: "a0000000-0000-4000-8000-000000000001", name: "deploy-bot", ownerEmail: "erin@example.com" };
const requestId = "r0000000-0000-4000-8000-000000000001";
const policy = (requiredApprovals: number): PolicyDecision => ({ id: "p1", version: 3, name: "Default", evaluation: legacyEvaluation(requiredApprovals, ["reviewers"], 3600) });
const context = (now = t0, revokedAt: Date | null = null): DecideContext => ({ now, agent: { ownerEmail: "erin@example.com", revokedAt }, freeze: null, sealingStall: null, signingKeyId: "kid-1" });

const submit = (requiredApprovals = 1, decision = policy(requiredApprovals)): RequestCommand => ({
  type: "SubmitRequest",
  actor: agent,
  data: {
    requestId,
    action: "db.export",
    resource: "db://prod/customers",
    environment: "production",
    summary: "Export customers",
    reasoning: null,
    parameters: { table: "customers" },
    context: null,
    change: null,
    onBehalfOf: "frank@example.com",
    payloadDigest: "sha256:abc",
    masking: { counts: {}, engineVersion: "1.1.0" },
    idempotencyKey: "idem-hash",
    bodyHash: "body-hash",
    policy: decision,
    decisionId: "d-policy",
    grantId: "g-1",
  },
});
const approve = (actor: UserActor, n = 1): RequestCommand => ({ type: "DecideRequest", actor, data: { outcome: "approve", reason: null, decisionId: `d-${n}`, grantId: "g-1" } });
const reject = (actor: UserActor): RequestCommand => ({ type: "DecideRequest", actor, data: { outcome: "reject", reason: "no", decisionId: "d-r", grantId: "g-1" } });

/** Runs commands in order, each against the state the previous ones left; returns that state and the last result. */
function given(commands: { command: RequestCommand; context?: DecideContext }[]): RequestState | null {
  let state: RequestState | null = null;
  for (const { command, context: ctx } of commands) {
    const result = decide(state, command, ctx ?? context());
    if (!result.ok) throw new Error(`given step refused: ${result.reason}`);
    state = result.events.reduce(evolve, state);
  }
  return state;
}
const types = (events: RequestEvent[]) => events.map((e) => e.type);
const then = (state: RequestState | null, command: RequestCommand, ctx = context()) => decide(state, command, ctx);
const pending = () => given([{ command: submit(2) }]);
const approved = () => given([{ command: submit(1) }, { command: approve(alice) }]);

describe("SubmitRequest", () => {
  it("creates a pending request with the policy's terms", () => {
    const result = then(null, submit(1));
    expect(result.ok && types(result.events)).toEqual(["request.created", "policy.evaluated"]);
    const state = result.ok ? result.events.reduce(evolve, null) : null;
    expect(state).toMatchObject({ status: "pending", policy: { requiredApprovals: 1, approverGroups: ["reviewers"] }, expiresAt: later(3600), createdAt: t0 });
    expect(result.ok && result.events[0]!.data).toMatchObject({ agentId: agent.id, idempotencyKey: "idem-hash", bodyHash: "body-hash" });
  });

  it("lets a policy that needs nobody approve at once, as a decision, and issue the grant", () => {
    const result = then(null, submit(0));
    expect(result.ok && types(result.events)).toEqual(["request.created", "policy.evaluated", "decision.approved", "request.approved", "grant.issued"]);
    const state = result.ok ? result.events.reduce(evolve, null) : null;
    expect(state).toMatchObject({ status: "approved", decidedAt: t0, grant: { id: "g-1", approvers: [], expiresAt: new Date("2026-11-21T13:00:00Z") } });
    expect(state!.decisions).toEqual([{ deciderId: "policy:p1@3", outcome: "approve" }]);
  });

  it("refuses a request that exists already, and one from a revoked agent", () => {
    expect(then(pending(), submit())).toMatchObject({ ok: false, code: "INVALID_STATE" });
    expect(then(null, submit(), context(t0, t0))).toMatchObject({ ok: false, code: "AGENT_REVOKED" });
  });
});

describe("DecideRequest", () => {
  it("counts an approval below quorum without settling", () => {
    const result = then(pending(), approve(alice));
    expect(result.ok && types(result.events)).toEqual(["decision.approved"]);
    expect(result.ok && result.events[0]!.data).toMatchObject({ approvals: 1, requiredApprovals: 2, decisionId: "d-1", deciderName: "alice" });
  });

  it("approves at quorum of distinct people and issues one grant naming them", () => {
    const state = given([{ command: submit(2) }, { command: approve(alice) }]);
    const result = then(state, approve(bob, 2), context(later(10)));
    expect(result.ok && types(result.events)).toEqual(["decision.approved", "request.approved", "grant.issued"]);
    expect(result.ok && result.events[2]!.data).toMatchObject({ approvers: ["alice@example.com", "bob@example.com"], kid: "kid-1", payloadDigest: "sha256:abc" });
  });

  it("rejects on one rejection", () => {
    const result = then(pending(), reject(alice));
    expect(result.ok && types(result.events)).toEqual(["decision.rejected", "request.rejected"]);
    expect(result.ok && result.events.reduce(evolve, pending())!.status).toBe("rejected");
  });

  it.each([
    ["the same person twice", () => given([{ command: submit(2) }, { command: approve(alice) }]), alice, context(), "SEPARATION_OF_DUTIES"],
    ["the agent's owner", pending, erin, context(), "SEPARATION_OF_DUTIES"],
    ["the person it acts for", pending, person("Frank@example.com", ["reviewers"], ["reviewer"]), context(), "SEPARATION_OF_DUTIES"],
    ["an auditor", pending, carol, context(), "FORBIDDEN"],
    ["a settled request", approved, bob, context(), "INVALID_STATE"],
    ["a lapsed request", pending, alice, context(later(3600)), "INVALID_STATE"],
    ["a revoked agent's request", pending, alice, context(t0, t0), "AGENT_REVOKED"],
  ])("refuses %s", (_name, state, actor, ctx, code) => {
    expect(then(state(), approve(actor), ctx)).toMatchObject({ ok: false, code });
  });

  it("names the decision.refused event that records a refused decision, which evolve ignores", () => {
    const state = pending();
    const result = then(state, approve(erin));
    expect(result).toMatchObject({
      ok: false,
      refusal: { type: "decision.refused", requestId: state!.id, actor: { kind: "user", id: erin.email }, data: { outcome: "approve", code: "SEPARATION_OF_DUTIES" } },
    });
    if (result.ok || !result.refusal) throw new Error("expected a recorded refusal");
    expect(result.refusal.data.reason).toBe(result.reason);
    expect(evolve(state, result.refusal)).toBe(state);
  });

  it("refuses a request that does not exist", () => {
    expect(then(null, approve(alice))).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});

describe("a policy document decides", () => {
  const parsed = parsePolicyYaml(`
name: Staged
rules:
  - name: no drops
    match: { action: "db.drop*" }
    outcome: deny
    message: Dropping databases is not allowed through agents.
  - name: exports in two stages
    match: { action: db.export }
    outcome: require
    stages:
      - { approvals: 2, groups: [reviewers] }
      - { approvals: 1, groups: [security] }
    reasonRequired: [approve]
    ttl: 2h
    grantValidity: 5m
default: { outcome: auto-approve }
`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const decision = (action: string): PolicyDecision => ({ id: "p1", version: 4, name: "Staged", evaluation: evaluatePolicy(parsed.document, facts({ action })) });
  const grace = person("grace@example.com", ["security"], ["reviewer"]);
  const withReason = (actor: UserActor, n: number): RequestCommand => ({ type: "DecideRequest", actor, data: { outcome: "approve", reason: "checked", decisionId: `d-${n}`, grantId: "g-1" } });

  it("denies with the rule's message, recorded as the policy's decision", () => {
    const result = then(null, submit(1, decision("db.drop_table")));
    expect(result.ok && types(result.events)).toEqual(["request.created", "policy.evaluated", "decision.rejected", "request.rejected"]);
    expect(result.ok && result.events[2]!.data.reason).toBe("Dropping databases is not allowed through agents.");
    expect(result.ok && (result.events[1]!.data as unknown as { evaluation: PolicyEvaluation }).evaluation.rule).toBe("no drops");
  });

  it("auto-approves by the default with a grant", () => {
    const result = then(null, submit(1, decision("db.read")));
    expect(result.ok && types(result.events)).toEqual(["request.created", "policy.evaluated", "decision.approved", "request.approved", "grant.issued"]);
  });

  it("takes approvals stage by stage, in order, with the rule's reason, ttl and grant validity", () => {
    let state = given([{ command: submit(1, decision("db.export")) }]);
    expect(state).toMatchObject({ expiresAt: later(7200), policy: { requiredApprovals: 3, approverGroups: ["reviewers", "security"] } });
    expect(then(state, approve(alice))).toMatchObject({ ok: false, code: "VALIDATION", reason: expect.stringContaining("requires a reason") });
    expect(then(state, withReason(grace, 1))).toMatchObject({ ok: false, code: "FORBIDDEN", reason: expect.stringContaining("stage 1 of 2") });
    state = given([{ command: submit(1, decision("db.export")) }, { command: withReason(alice, 1) }, { command: withReason(bob, 2) }]);
    expect(then(state, withReason(person("zoe@example.com", ["reviewers"], ["reviewer"]), 3))).toMatchObject({ ok: false, code: "FORBIDDEN", reason: expect.stringContaining("stage 2 of 2") });
    const result = then(state, withReason(grace, 3), context(later(60)));
    expect(result.ok && types(result.events)).toEqual(["decision.approved", "request.approved", "grant.issued"]);
    expect(result.ok && result.events[0]!.data).toMatchObject({ stage: 2, approvals: 3, requiredApprovals: 3 });
    expect(result.ok && result.events.reduce(evolve, state)!.grant!.expiresAt).toEqual(new Date(Math.floor(later(60).getTime() / 1000) * 1000 + 300_000));
  });
});

describe("a freeze", () => {
  const frozen = (now = t0): DecideContext => ({ ...context(now), freeze: { message: "Incident 42", frozenAt: t0, frozenBy: "dave@example.com" } });

  it("rejects a new request with its message, whatever the policy says", () => {
    const result = then(null, submit(0), frozen());
    expect(result.ok && types(result.events)).toEqual(["request.created", "policy.evaluated", "decision.rejected", "request.rejected"]);
    expect(result.ok && result.events[2]!.data.reason).toBe("Approvals are frozen: Incident 42");
  });

  it("refuses decisions on pending requests, and lets them be cancelled", () => {
    expect(then(pending(), approve(alice), frozen())).toMatchObject({ ok: false, code: "FROZEN", reason: "Approvals are frozen: Incident 42" });
    expect(then(pending(), reject(alice), frozen())).toMatchObject({ ok: false, code: "FROZEN" });
    expect(then(pending(), { type: "CancelRequest", actor: agent, data: { reason: "withdrawn-by-agent" } }, frozen())).toMatchObject({ ok: true });
  });
});

describe("BreakGlass", () => {
  // Two reviewers are needed; members of oncall may approve alone in an emergency.
  const glassRule = (extra: Partial<PolicyEvaluation> = {}): PolicyDecision => ({
    ...policy(2),
    evaluation: { ...legacyEvaluation(2, ["reviewers"], 3600), rule: "prod with break-glass", breakGlass: { groups: ["oncall"] }, ...extra },
  });
  const dan = person("dan@example.com", ["reviewers", "oncall"], ["reviewer"]);
  const breakGlass = (actor: UserActor, reason: string | null = "Outage, nobody else awake"): RequestCommand => ({ type: "BreakGlass", actor, data: { reason, decisionId: "d-bg", grantId: "g-bg" } });
  const glassPending = (extra?: Partial<PolicyEvaluation>) => given([{ command: submit(2, glassRule(extra)) }]);
  const broken = () => given([{ command: submit(2, glassRule()) }, { command: breakGlass(dan) }]);
  const confirm = (actor: UserActor): RequestCommand => ({ type: "ConfirmBreakGlass", actor });

  it("lets one eligible person approve alone, with a reason, issuing the grant at once", () => {
    const result = then(glassPending(), breakGlass(dan), context(later(30)));
    expect(result.ok && types(result.events)).toEqual(["decision.break_glass", "request.approved", "grant.issued"]);
    expect(result.ok && result.events[0]!.data).toMatchObject({ reason: "Outage, nobody else awake", rule: "prod with break-glass", groups: ["oncall"], approvals: 1, requiredApprovals: 2 });
    expect(result.ok && result.events[2]!.data).toMatchObject({ grantId: "g-bg", approvers: ["dan@example.com"] });
    const state = result.ok ? result.events.reduce(evolve, glassPending()) : null;
    expect(state).toMatchObject({ status: "approved", decidedAt: later(30), breakGlass: { approver: "dan@example.com", approverName: "dan", at: later(30), confirmations: [] } });
    expect(state!.decisions).toEqual([{ deciderId: "dan@example.com", outcome: "approve" }]);
  });

  it("counts the approvals already given among the grant's approvers", () => {
    const state = given([{ command: submit(2, glassRule()) }, { command: approve(alice) }]);
    const result = then(state, breakGlass(dan));
    expect(result.ok && result.events[2]!.data.approvers).toEqual(["alice@example.com", "dan@example.com"]);
  });

  it("refuses without a reason", () => {
    expect(then(glassPending(), breakGlass(dan, null))).toMatchObject({ ok: false, code: "VALIDATION", reason: expect.stringContaining("needs a reason") });
  });

  it.each([
    ["where the rule does not allow it", pending, dan, context(), "FORBIDDEN", "does not allow break-glass"],
    ["someone outside the break-glass groups", glassPending, alice, context(), "FORBIDDEN", "Only members of oncall"],
    ["the agent's owner", glassPending, person("erin@example.com", ["oncall"], ["reviewer"]), context(), "SEPARATION_OF_DUTIES", "own the agent"],
    ["the person it acts for", glassPending, person("frank@example.com", ["oncall"], ["reviewer"]), context(), "SEPARATION_OF_DUTIES", "on your behalf"],
    ["an auditor", glassPending, person("carl@example.com", ["oncall", "auditors"], ["auditor"]), context(), "FORBIDDEN", "read-only"],
    ["someone who already approved", () => given([{ command: submit(2, glassRule()) }, { command: approve(dan) }]), dan, context(), "SEPARATION_OF_DUTIES", "already decided"],
    ["a settled request", broken, person("fay@example.com", ["oncall"], ["reviewer"]), context(), "INVALID_STATE", "approved"],
    ["a rejected request", () => given([{ command: submit(2, glassRule()) }, { command: reject(alice) }]), dan, context(), "INVALID_STATE", "rejected"],
    ["a lapsed request", glassPending, dan, context(later(3600)), "INVALID_STATE", "expired"],
    ["during a freeze", glassPending, dan, { ...context(), freeze: { message: "Incident 42", frozenAt: t0, frozenBy: "dave@example.com" } }, "FROZEN", "Incident 42"],
  ])("refuses %s, naming the refusal's event", (_name, state, actor, ctx, code, reason) => {
    const result = then(state(), breakGlass(actor), ctx);
    expect(result).toMatchObject({ ok: false, code, reason: expect.stringContaining(reason), refusal: { type: "decision.refused", data: { outcome: "break-glass", code } } });
  });

  it("withholds the grant of a high-risk rule while sealing has stalled, recorded as a refusal", () => {
    const stalled = { ...context(), sealingStall: { oldestUnsealedSeconds: 75, queueLength: 4, limitSeconds: 60 } };
    expect(then(glassPending({ highRisk: true }), breakGlass(dan), stalled)).toMatchObject({
      ok: false,
      code: "SEALING_STALLED",
      refusal: { type: "decision.refused", data: { outcome: "break-glass", code: "SEALING_STALLED" } },
    });
    expect(then(glassPending(), breakGlass(dan), stalled)).toMatchObject({ ok: true });
  });

  it("asks for the rule's step-up", () => {
    const fresh = (minutesAgo: number): UserActor => ({ ...dan, authentication: { time: later(-minutesAgo * 60), methods: ["pwd"], contextClass: null } });
    expect(then(glassPending({ stepUpMinutes: 15 }), breakGlass(fresh(16)))).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    expect(then(glassPending({ stepUpMinutes: 15 }), breakGlass(fresh(14)))).toMatchObject({ ok: true });
  });

  it("opens a follow-up that two distinct other people close, even after execution", () => {
    const first = then(broken(), confirm(alice), context(later(60)));
    expect(first.ok && first.events.map((e) => [e.type, e.data])).toEqual([["break_glass.confirmed", { confirmerName: "alice", confirmations: 1, requiredConfirmations: 2 }]]);
    const once = first.ok ? first.events.reduce(evolve, broken()) : null;
    expect(once!.breakGlass!.confirmations).toEqual([{ confirmer: "alice@example.com", confirmerName: "alice", at: later(60) }]);
    expect(then(once, confirm(alice))).toMatchObject({ ok: false, code: "SEPARATION_OF_DUTIES", reason: expect.stringContaining("already confirmed") });
    const executed = then(once, { type: "ReportExecution", actor: agent, data: { outcome: "succeeded", detail: null, presentedGrant: { grantId: "g-bg", payloadDigest: "sha256:abc" } } });
    const afterRun = executed.ok ? executed.events.reduce(evolve, once) : null;
    const second = then(afterRun, confirm(bob), context(later(120)));
    expect(second.ok && second.events[0]!.data).toMatchObject({ confirmations: 2 });
    const closed = second.ok ? second.events.reduce(evolve, afterRun) : null;
    expect(closed).toMatchObject({ status: "executed", breakGlass: { confirmations: [{ confirmer: "alice@example.com" }, { confirmer: "bob@example.com" }] } });
    expect(then(closed, confirm(person("zoe@example.com", ["reviewers"], ["reviewer"])))).toMatchObject({ ok: false, code: "INVALID_STATE", reason: expect.stringContaining("closed") });
  });

  it.each([
    ["the one who broke the glass", broken, dan, "SEPARATION_OF_DUTIES", "You broke the glass"],
    ["the agent's owner", broken, erin, "SEPARATION_OF_DUTIES", "own the agent"],
    ["the person it acts for", broken, person("frank@example.com", ["reviewers"], ["reviewer"]), "SEPARATION_OF_DUTIES", "on your behalf"],
    ["an auditor", broken, carol, "FORBIDDEN", "reviewers and administrators"],
    ["a request nobody broke the glass on", approved, bob, "INVALID_STATE", "nothing to confirm"],
  ])("refuses a confirmation by %s, naming the refusal's event", (_name, state, actor, code, reason) => {
    expect(then(state(), confirm(actor))).toMatchObject({
      ok: false,
      code,
      reason: expect.stringContaining(reason),
      refusal: { type: "decision.refused", data: { outcome: "confirm-break-glass", code } },
    });
  });

  it("lets an administrator confirm", () => {
    expect(then(broken(), confirm(person("dave@example.com", ["admins"], ["admin"])))).toMatchObject({ ok: true });
  });
});

describe("sealing has stalled", () => {
  const parsed = parsePolicyYaml(`
name: High risk
rules:
  - name: deploys go at once
    match: { action: deploy.* }
    outcome: auto-approve
    highRisk: true
  - name: exports need two
    match: { action: db.export }
    outcome: require
    stages: [ { approvals: 2, groups: [reviewers] } ]
    highRisk: true
default: { outcome: auto-approve }
`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const decision = (action: string): PolicyDecision => ({ id: "p1", version: 5, name: "High risk", evaluation: evaluatePolicy(parsed.document, facts({ action })) });
  const stalled = (now = t0): DecideContext => ({ ...context(now), sealingStall: { oldestUnsealedSeconds: 75, queueLength: 4, limitSeconds: 60 } });
  const release: RequestCommand = { type: "ReleaseHeldApproval", actor: { kind: "system", id: "worker" }, data: { policyName: "High risk", decisionId: "d-release", grantId: "g-1" } };

  it("holds a high-risk automatic approval pending, with the refusal on record, and grants nothing", () => {
    const result = then(null, submit(0, decision("deploy.web")), stalled());
    expect(result.ok && types(result.events)).toEqual(["request.created", "policy.evaluated", "decision.refused"]);
    expect(result.ok && result.events[2]).toMatchObject({ actor: { kind: "system", id: "policy" }, data: { outcome: "approve", code: "SEALING_STALLED", reason: expect.stringContaining("High-risk rules issue no grant") } });
    const state = result.ok ? result.events.reduce(evolve, null) : null;
    expect(state).toMatchObject({ status: "pending", grant: null });
  });

  it("auto-approves a rule that is not high-risk as usual", () => {
    const result = then(null, submit(0, decision("db.read")), stalled());
    expect(result.ok && types(result.events)).toEqual(["request.created", "policy.evaluated", "decision.approved", "request.approved", "grant.issued"]);
  });

  it("releases a held approval with its grant once sealing has recovered, and not before", () => {
    const state = given([{ command: submit(0, decision("deploy.web")), context: stalled() }]);
    expect(then(state, release, stalled(later(5)))).toMatchObject({ ok: false, code: "SEALING_STALLED" });
    const result = then(state, release, context(later(90)));
    expect(result.ok && types(result.events)).toEqual(["decision.approved", "request.approved", "grant.issued"]);
    expect(result.ok && result.events.reduce(evolve, state)).toMatchObject({ status: "approved", decisions: [{ deciderId: "policy:p1@5", outcome: "approve" }] });
    expect(then(state, release, context(later(3600)))).toMatchObject({ ok: false, code: "INVALID_STATE" });
    expect(then(pending(), release, context())).toMatchObject({ ok: false, code: "INVALID_STATE" });
  });

  it("refuses only the approval that would issue a high-risk grant, recorded; earlier approvals and rejections go through", () => {
    const state = given([{ command: submit(0, decision("db.export")) }]);
    expect(then(state, approve(alice), stalled())).toMatchObject({ ok: true });
    const second = given([{ command: submit(0, decision("db.export")) }, { command: approve(alice) }]);
    const refused = then(second, approve(bob, 2), stalled());
    expect(refused).toMatchObject({ ok: false, code: "SEALING_STALLED", refusal: { type: "decision.refused", data: { code: "SEALING_STALLED", outcome: "approve" } } });
    expect(then(second, reject(bob), stalled())).toMatchObject({ ok: true });
    expect(then(second, approve(bob, 2), context())).toMatchObject({ ok: true });
  });

  it("leaves rules without highRisk, and requests evaluated before it existed, to grant as usual", () => {
    const state = given([{ command: submit(2) }, { command: approve(alice) }]);
    expect(then(state, approve(bob, 2), stalled())).toMatchObject({ ok: true });
  });
});

describe("AddComment", () => {
  const comment = (actor: UserActor): RequestCommand => ({ type: "AddComment", actor, data: { commentId: "c-1", body: "why?", masking: { counts: {} } } });

  it("adds a comment on any request, touching only its update time", () => {
    const result = then(approved(), comment(bob), context(later(60)));
    expect(result.ok && types(result.events)).toEqual(["comment.added"]);
    const state = result.ok ? result.events.reduce(evolve, approved()) : null;
    expect(state).toMatchObject({ status: "approved", updatedAt: later(60) });
  });

  it("refuses a read-only role", () => {
    expect(then(pending(), comment(carol))).toMatchObject({ ok: false, code: "FORBIDDEN", reason: expect.stringContaining("read-only") });
  });
});

describe("CancelRequest", () => {
  const cancel: RequestCommand = { type: "CancelRequest", actor: agent, data: { reason: "withdrawn-by-agent" } };

  it("cancels a pending request", () => {
    const result = then(pending(), cancel, context(later(5)));
    expect(result.ok && result.events.reduce(evolve, pending())).toMatchObject({ status: "cancelled", decidedAt: later(5) });
  });

  it("refuses a settled request and a lapsed one", () => {
    expect(then(approved(), cancel)).toMatchObject({ ok: false, code: "INVALID_STATE", reason: expect.stringContaining("approved") });
    expect(then(pending(), cancel, context(later(3600)))).toMatchObject({ ok: false, code: "INVALID_STATE", reason: expect.stringContaining("expired") });
  });
});

describe("ExpireRequest", () => {
  const expire: RequestCommand = { type: "ExpireRequest", actor: { kind: "system", id: "worker" } };

  it("expires a pending request once it has lapsed", () => {
    const result = then(pending(), expire, context(later(3600)));
    expect(result.ok && result.events[0]!.data).toEqual({ expiresAt: later(3600).toISOString() });
    expect(result.ok && result.events.reduce(evolve, pending())!.status).toBe("expired");
  });

  it("refuses one still in time, and one already settled", () => {
    expect(then(pending(), expire, context(later(3599)))).toMatchObject({ ok: false, code: "INVALID_STATE" });
    expect(then(approved(), expire, context(later(7200)))).toMatchObject({ ok: false, code: "INVALID_STATE" });
  });
});

describe("ReportExecution", () => {
  const report = (presentedGrant: { grantId: unknown; payloadDigest: unknown } | null, outcome: "succeeded" | "failed" = "succeeded"): RequestCommand => ({
    type: "ReportExecution",
    actor: agent,
    data: { outcome, detail: null, presentedGrant },
  });
  const theGrant = { grantId: "g-1", payloadDigest: "sha256:abc" };

  it("records the outcome with the request's own grant", () => {
    const result = then(approved(), report(theGrant, "failed"));
    expect(result.ok && result.events.reduce(evolve, approved())!.status).toBe("failed");
  });

  it("refuses before approval, twice, and with any other grant", () => {
    expect(then(pending(), report(theGrant))).toMatchObject({ ok: false, code: "INVALID_STATE", reason: expect.stringContaining("after approval") });
    const executed = then(approved(), report(theGrant));
    const done = executed.ok ? executed.events.reduce(evolve, approved()) : null;
    expect(then(done, report(theGrant))).toMatchObject({ ok: false, code: "INVALID_STATE", reason: expect.stringContaining("already reported") });
    expect(then(approved(), report(null))).toMatchObject({ ok: false, code: "INVALID_GRANT" });
    expect(then(approved(), report({ grantId: "g-2", payloadDigest: "sha256:abc" }))).toMatchObject({ ok: false, code: "INVALID_GRANT" });
    expect(then(approved(), report({ grantId: "g-1", payloadDigest: "sha256:other" }))).toMatchObject({ ok: false, code: "INVALID_GRANT" });
  });
});

describe("evolve", () => {
  it("replays events written before decisions carried ids and hashes", () => {
    const legacy = evolve(null, {
      type: "request.created",
      requestId,
      actor: { kind: "agent", id: agent.id, auth: "api-key" },
      occurredAt: t0,
      data: { agentId: agent.id, action: "a", resource: "r", environment: "e", summary: "s", reasoning: null, parameters: {}, context: undefined, change: undefined, onBehalfOf: null, payloadDigest: "d", masking: { counts: {}, engineVersion: "1.0.0" } },
    });
    expect(legacy).toMatchObject({ idempotencyKey: `unrecorded:${requestId}`, context: null, change: null });
  });

  it("replays a policy evaluation written before policy documents as one quorum from its groups", () => {
    const created = given([{ command: submit(2) }])!;
    const legacy = evolve({ ...created, policy: null }, {
      type: "policy.evaluated",
      requestId,
      actor: { kind: "system", id: "policy", auth: "internal" },
      occurredAt: t0,
      data: { policyId: "p1", policyVersion: 1, outcome: "pending", requiredApprovals: 2, approverGroups: ["ops"], expiresAt: later(600).toISOString(), explanation: "old" },
    });
    expect(legacy.policy!.evaluation).toEqual(legacyEvaluation(2, ["ops"], 600));
  });

  it("refuses an event before the request exists", () => {
    expect(() => evolve(null, { type: "request.expired", requestId, actor: { kind: "system", id: "worker", auth: "internal" }, occurredAt: t0, data: { expiresAt: t0.toISOString() } })).toThrow();
  });
});

describe("comment threads", () => {
  const comment = (actor: UserActor, id: string, replyTo: string | null = null, mentions: string[] = []): RequestCommand => ({
    type: "AddComment",
    actor,
    data: { commentId: id, body: "?", masking: { counts: {} }, replyTo, mentions },
  });
  const resolve = (actor: UserActor, commentId: string): RequestCommand => ({ type: "ResolveComment", actor, data: { commentId } });
  const threaded = () => given([{ command: submit(1) }, { command: comment(alice, "q") }, { command: comment(bob, "r1", "q", ["alice@example.com"]) }]);

  it("given a question, a reply to its reply joins the question's thread, with its mentions", () => {
    const result = then(threaded(), comment(erin, "r2", "r1", ["bob@example.com"]));
    assert(result.ok);
    expect(result.events[0]).toMatchObject({ type: "comment.added", data: { commentId: "r2", replyTo: "q", mentions: ["bob@example.com"] } });
  });

  it("refuses a reply to a comment the request does not have", () => {
    expect(then(threaded(), comment(erin, "r3", "nope"))).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("lets the asker or a reviewer mark a question answered once; not a reply, an auditor, or an administrator who did not ask", () => {
    const dave = person("dave@example.com", ["admins"], ["admin"]);
    expect(then(threaded(), resolve(carol, "q"))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(then(threaded(), resolve(dave, "q"))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(then(threaded(), resolve(alice, "r1"))).toMatchObject({ ok: false, code: "INVALID_STATE" });
    const answered = then(threaded(), resolve(erin, "q"));
    assert(answered.ok);
    expect(types(answered.events)).toEqual(["comment.resolved"]);
    const after = answered.events.reduce(evolve, threaded()!);
    expect(after.comments.find((c) => c.id === "q")?.resolved).toBe(true);
    expect(then(after, resolve(alice, "q"))).toMatchObject({ ok: false, code: "INVALID_STATE" });
  });
});
