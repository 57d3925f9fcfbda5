import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AgentActor, SystemActor, UserActor } from "../actor";
import { legacyEvaluation } from "../policy/default-policy";
import type { PolicyStage } from "../policy/document";
import { decide, evolve, type DecideContext, type PolicyDecision, type RequestCommand, type RequestState } from "./request-decider";

// Random policies, identities and command sequences against the pure decider: the separation-of-duties
// guarantees hold for every path through the state machine, not only the ones the examples walk.
const GROUPS = ["g1", "g2", "g3"];
const OWNER = "owner@example.com";
const t0 = new Date("2026-11-21T12:00:00.000Z");
const TTL_SECONDS = 3600;
const agent: AgentActor = { kind: "agent", id: "a0000000-0000-4000-8000-000000000001", name: "bot", ownerEmail: OWNER };
const worker: SystemActor = { kind: "system", id: "worker" };
const sameEmail = (a: string | null, b: string | null) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** Eight people (the owner among them), each in random groups; some are auditors. */
const peopleArb: fc.Arbitrary<UserActor[]> = fc
  .array(fc.record({ groups: fc.subarray(GROUPS), auditor: fc.integer({ min: 0, max: 5 }).map((n) => n === 0) }), { minLength: 8, maxLength: 8 })
  .map((specs) =>
    specs.map(({ groups, auditor }, i) => {
      const email = i === 0 ? OWNER : `p${i}@example.com`;
      return { kind: "user", id: email, email, name: `p${i}`, groups: auditor ? [...groups, "auditors"] : groups, roles: auditor ? ["auditor"] : ["reviewer"] };
    }),
  );

const stageArb: fc.Arbitrary<PolicyStage> = fc.record({ approvals: fc.integer({ min: 1, max: 2 }), groups: fc.subarray(GROUPS, { minLength: 1 }) });

/** A rule's outcome: mostly people in one to three ordered stages (half of them allowing break-glass), sometimes auto-approve or deny. */
const policyArb: fc.Arbitrary<PolicyDecision> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({ stages: fc.array(stageArb, { minLength: 1, maxLength: 3 }), breakGlass: fc.option(fc.record({ groups: fc.subarray(GROUPS, { minLength: 1 }) }), { nil: null }) })
      .map(({ stages, breakGlass }) => ({ ...legacyEvaluation(1, ["g1"], TTL_SECONDS), stages, breakGlass })),
  },
  { weight: 1, arbitrary: fc.constant(legacyEvaluation(0, [], TTL_SECONDS)) },
  { weight: 1, arbitrary: fc.constant({ ...legacyEvaluation(0, [], TTL_SECONDS), outcome: "deny" as const, message: "No." }) },
)
  // Some rules are high-risk: they must issue no grant while sealing has stalled.
  .chain((evaluation) => fc.boolean().map((highRisk) => (highRisk ? { ...evaluation, highRisk } : evaluation)))
  .map((evaluation) => ({ id: "p1", version: 1, name: "Random", evaluation }));

type Step =
  | { kind: "decide"; who: number; outcome: "approve" | "reject" }
  | { kind: "cancel" }
  | { kind: "expire" }
  | { kind: "release" }
  | { kind: "comment"; who: number }
  | { kind: "break-glass"; who: number; reason: boolean }
  | { kind: "confirm"; who: number };
const stepArb: fc.Arbitrary<{ step: Step; after: number; frozen: boolean; stalled: boolean }> = fc.record({
  step: fc.oneof(
    { weight: 10, arbitrary: fc.record({ kind: fc.constant("decide" as const), who: fc.nat(7), outcome: fc.constantFrom("approve" as const, "approve" as const, "reject" as const) }) },
    { weight: 1, arbitrary: fc.constant({ kind: "cancel" as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: "expire" as const }) },
    { weight: 3, arbitrary: fc.constant({ kind: "release" as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("comment" as const), who: fc.nat(7) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("break-glass" as const), who: fc.nat(7), reason: fc.integer({ min: 0, max: 4 }).map((n) => n > 0) }) },
    { weight: 8, arbitrary: fc.record({ kind: fc.constant("confirm" as const), who: fc.nat(7) }) },
  ),
  after: fc.integer({ min: 0, max: 900 }),
  frozen: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  stalled: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
});

const scenarioArb = fc.record({
  people: peopleArb,
  policy: policyArb,
  // On behalf of one of the people, in any letter case, or nobody.
  onBehalfOf: fc.option(fc.tuple(fc.nat(7), fc.boolean()), { nil: null }),
  stalledAtSubmit: fc.boolean(),
  steps: fc.array(stepArb, { maxLength: 25 }),
});

function submitCommand(policy: PolicyDecision, onBehalfOf: string | null): RequestCommand {
  return {
    type: "SubmitRequest",
    actor: agent,
    data: {
      requestId: "r1",
      action: "db.export",
      resource: "db://prod/customers",
      environment: "production",
      summary: "Export",
      reasoning: null,
      parameters: {},
      context: null,
      change: null,
      onBehalfOf,
      payloadDigest: "sha256:abc",
      masking: { counts: {}, engineVersion: "1" },
      idempotencyKey: "i",
      bodyHash: "b",
      policy,
      decisionId: "d-policy",
      grantId: "g-1",
    },
  };
}

function command(step: Step, people: UserActor[], n: number): RequestCommand {
  switch (step.kind) {
    case "decide":
      return { type: "DecideRequest", actor: people[step.who]!, data: { outcome: step.outcome, reason: "because", decisionId: `d-${n}`, grantId: "g-1" } };
    case "cancel":
      return { type: "CancelRequest", actor: agent, data: { reason: "withdrawn-by-agent" } };
    case "expire":
      return { type: "ExpireRequest", actor: worker };
    case "release":
      return { type: "ReleaseHeldApproval", actor: worker, data: { policyName: "Random", decisionId: `d-${n}`, grantId: "g-1" } };
    case "comment":
      return { type: "AddComment", actor: people[step.who]!, data: { commentId: `c-${n}`, body: "?", masking: { counts: {} } } };
    case "break-glass":
      return { type: "BreakGlass", actor: people[step.who]!, data: { reason: step.reason ? "outage" : null, decisionId: `d-${n}`, grantId: "g-1" } };
    case "confirm":
      return { type: "ConfirmBreakGlass", actor: people[step.who]! };
  }
}

describe("the request decider, over random policies, people and command sequences", () => {
  it("grants only after the required distinct, eligible approvals in stage order or one valid break-glass; nobody approves or confirms their own request; a settled request changes no more", () => {
    // Counted across runs, so the property is known to reach grants, break-glass, closed follow-ups, held and released approvals and refusals, not pass vacuously.
    const reached = { grants: 0, refusals: 0, breakGlass: 0, confirmations: 0, held: 0, released: 0 };
    fc.assert(
      fc.property(scenarioArb, ({ people, policy, onBehalfOf: behalf, stalledAtSubmit, steps }) => {
        const onBehalfOf = behalf === null ? null : behalf[1] ? people[behalf[0]]!.email.toUpperCase() : people[behalf[0]]!.email;
        const context = (now: Date, frozen = false, stalled = false): DecideContext => ({
          now,
          agent: { ownerEmail: OWNER, revokedAt: null },
          freeze: frozen ? { message: "incident", frozenAt: t0, frozenBy: "admin@example.com" } : null,
          sealingStall: stalled ? { oldestUnsealedSeconds: 90, queueLength: 3, limitSeconds: 60 } : null,
          signingKeyId: "kid",
        });
        const highRisk = policy.evaluation.highRisk === true;
        const submitted = decide(null, submitCommand(policy, onBehalfOf), context(t0, false, stalledAtSubmit));
        if (!submitted.ok) throw new Error(submitted.reason);
        let state: RequestState = submitted.events.reduce(evolve, null as RequestState | null)!;
        let grants = submitted.events.filter((e) => e.type === "grant.issued").length;
        // A grant at submission only when the policy itself approves.
        if (grants > 0) expect(policy.evaluation.outcome).toBe("auto-approve");
        // No high-risk grant while sealing has stalled; such an automatic approval waits, pending.
        if (highRisk && stalledAtSubmit) expect(grants).toBe(0);
        if (policy.evaluation.outcome === "auto-approve" && highRisk && stalledAtSubmit) {
          expect(state.status).toBe("pending");
          reached.held++;
        }
        const accepted: UserActor[] = [];
        const confirmers: UserActor[] = [];
        let brokeGlass: UserActor | null = null;
        let now = t0;

        steps.forEach(({ step, after, frozen, stalled }, n) => {
          now = new Date(now.getTime() + after * 1000);
          const cmd = command(step, people, n);
          const before = state;
          const settled = before.status !== "pending";
          const result = decide(before, cmd, context(now, frozen, stalled));
          if (!result.ok) {
            reached.refusals++;
            // A refusal changes nothing; the event that records it does not either.
            if (result.refusal) expect(evolve(before, result.refusal)).toBe(before);
            return;
          }
          // On a settled request, only a comment or a break-glass confirmation is taken, and neither settles
          // anything: the thread and the confirmations grow, nothing else.
          if (settled) expect(["AddComment", "ConfirmBreakGlass"]).toContain(cmd.type);
          state = result.events.reduce(evolve, before);
          if (settled) expect({ ...state, updatedAt: before.updatedAt, breakGlass: before.breakGlass, comments: before.comments }).toEqual(before);

          if (cmd.type === "DecideRequest" || cmd.type === "BreakGlass" || cmd.type === "ConfirmBreakGlass") {
            // Nobody decides or confirms their own request, nor as an auditor.
            expect(sameEmail(cmd.actor.email, OWNER) || sameEmail(cmd.actor.email, onBehalfOf)).toBe(false);
            expect(cmd.actor.roles).not.toContain("auditor");
          }
          if (cmd.type === "ConfirmBreakGlass") {
            // Only after a break-glass, by someone other than its approver, each once, at most two.
            expect(brokeGlass).not.toBeNull();
            expect(sameEmail(cmd.actor.email, brokeGlass!.email)).toBe(false);
            expect(confirmers.some((p) => sameEmail(p.email, cmd.actor.email))).toBe(false);
            confirmers.push(cmd.actor);
            reached.confirmations++;
            expect(confirmers.length).toBeLessThanOrEqual(2);
          }
          if (cmd.type === "BreakGlass") {
            // Only where the rule allows it, by a member of its groups who has not decided yet, with a reason, never while frozen.
            const groups = policy.evaluation.breakGlass?.groups ?? [];
            expect(cmd.actor.groups.some((g) => groups.includes(g))).toBe(true);
            expect(cmd.data.reason).toBeTruthy();
            expect(frozen).toBe(false);
            expect(accepted.some((p) => sameEmail(p.email, cmd.actor.email))).toBe(false);
            expect(state.status).toBe("approved");
            brokeGlass = cmd.actor;
            reached.breakGlass++;
          }

          if (cmd.type === "DecideRequest") {
            const actor = cmd.actor;
            // Nobody decides twice, nor while frozen.
            expect(frozen).toBe(false);
            expect(accepted.some((p) => sameEmail(p.email, actor.email))).toBe(false);
            if (cmd.data.outcome === "approve") {
              // The approval counts toward the stage open now, whose groups must include the approver's.
              const stages = policy.evaluation.stages;
              let index = accepted.length;
              const stage = stages.find((s) => (index -= s.approvals) < 0)!;
              expect(stage).toBeDefined();
              expect(actor.groups.some((g) => stage.groups.includes(g))).toBe(true);
              accepted.push(actor);
            }
          }
          const issued = result.events.filter((e) => e.type === "grant.issued").length;
          if (issued > 0 && highRisk) expect(stalled).toBe(false);
          if (cmd.type === "ReleaseHeldApproval") {
            // Only a held automatic approval is released, and only with sealing healthy and approvals not frozen.
            expect(policy.evaluation.outcome).toBe("auto-approve");
            expect(stalled || frozen).toBe(false);
            reached.released++;
          }
          if (issued > 0 && cmd.type !== "BreakGlass" && cmd.type !== "ReleaseHeldApproval") {
            // Exactly as many distinct approvals as all stages need, in order, and only one grant ever.
            const required = policy.evaluation.stages.reduce((total, s) => total + s.approvals, 0);
            expect(accepted).toHaveLength(required);
            expect(new Set(accepted.map((p) => p.email.toLowerCase())).size).toBe(required);
            expect(state.status).toBe("approved");
          }
          grants += issued;
          reached.grants += issued;
          expect(grants).toBeLessThanOrEqual(1);
        });
        if (state.status === "approved") expect(grants).toBe(1);
      }),
      { numRuns: 500 },
    );
    expect(reached.grants).toBeGreaterThan(5);
    expect(reached.refusals).toBeGreaterThan(100);
    expect(reached.breakGlass).toBeGreaterThan(5);
    expect(reached.confirmations).toBeGreaterThan(0);
    expect(reached.held).toBeGreaterThan(0);
    expect(reached.released).toBeGreaterThan(0);
  });

  it("closes a break-glass follow-up exactly when two distinct people other than its approver and the request's parties have confirmed it", () => {
    let closed = 0;
    const withBreakGlass = policyArb.filter((p) => p.evaluation.outcome === "require" && p.evaluation.breakGlass !== null);
    fc.assert(
      fc.property(
        fc.record({ people: peopleArb, policy: withBreakGlass, onBehalf: fc.option(fc.nat(7), { nil: null }), confirms: fc.array(fc.nat(7), { maxLength: 12 }) }),
        ({ people, policy, onBehalf, confirms }) => {
          const onBehalfOf = onBehalf === null ? null : people[onBehalf]!.email;
          const context: DecideContext = { now: t0, agent: { ownerEmail: OWNER, revokedAt: null }, freeze: null, signingKeyId: "kid", sealingStall: null };
          const submitted = decide(null, submitCommand(policy, onBehalfOf), context);
          if (!submitted.ok) throw new Error(submitted.reason);
          let state: RequestState = submitted.events.reduce(evolve, null as RequestState | null)!;
          // The first person the rule lets break the glass does.
          const approver = people.find((actor) => {
            const result = decide(state, { type: "BreakGlass", actor, data: { reason: "outage", decisionId: "d-bg", grantId: "g-1" } }, context);
            if (result.ok) state = result.events.reduce(evolve, state);
            return result.ok;
          });
          fc.pre(approver !== undefined);
          const confirmers: string[] = [];
          for (const who of confirms) {
            const actor = people[who]!;
            const eligible =
              confirmers.length < 2 &&
              !actor.roles.includes("auditor") &&
              ![approver!.email, OWNER, onBehalfOf, ...confirmers].some((email) => sameEmail(email, actor.email));
            const result = decide(state, { type: "ConfirmBreakGlass", actor }, context);
            expect(result.ok).toBe(eligible);
            if (!result.ok) continue;
            state = result.events.reduce(evolve, state);
            confirmers.push(actor.email);
          }
          expect(state.breakGlass!.confirmations.map((c) => c.confirmer)).toEqual(confirmers);
          if (confirmers.length === 2) closed++;
        },
      ),
      { numRuns: 300 },
    );
    expect(closed).toBeGreaterThan(30);
  });
});
