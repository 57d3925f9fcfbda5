import { describe, expect, it } from "vitest";
import type { UserActor } from "./actor";
import { canDecide, statusAfterDecisions, type DecisionSubject } from "./separation-of-duties";

const need = (approvals: number) => [{ approvals, groups: ["reviewers"] }];
const now = new Date("2026-11-21T12:00:00Z");
const person = (email: string, groups: string[], roles: UserActor["roles"]): UserActor => ({ kind: "user", id: email, email, name: null, groups, roles });
const alice = person("alice@example.com", ["reviewers"], ["reviewer"]);
const erin = person("erin@example.com", ["reviewers", "engineers"], ["reviewer"]);
const carol = person("carol@example.com", ["auditors"], ["auditor"]);
const auditingReviewer = person("ivy@example.com", ["reviewers", "auditors"], ["reviewer", "auditor"]);
const dave = person("dave@example.com", ["admins"], ["admin"]);

const request: DecisionSubject = {
  status: "pending",
  agentOwnerEmail: "erin@example.com",
  agentRevokedAt: null,
  onBehalfOf: "frank@example.com",
  stages: [{ approvals: 1, groups: ["reviewers"] }],
  expiresAt: new Date("2026-11-21T13:00:00Z"),
};

describe("canDecide", () => {
  it("lets an eligible reviewer decide a pending request", () => {
    expect(canDecide(alice, request, [], now)).toEqual({ ok: true });
  });

  it.each([
    ["the agent's owner", erin, request, "SEPARATION_OF_DUTIES", /own the agent/],
    ["the on-behalf-of person, whatever the case", person("Frank@Example.COM", ["reviewers"], ["reviewer"]), request, "SEPARATION_OF_DUTIES", /on your behalf/],
    ["an auditor", carol, request, "FORBIDDEN", /read-only/],
    ["an auditor who is also a reviewer", auditingReviewer, request, "FORBIDDEN", /read-only/],
    ["an admin outside the approver groups", dave, request, "FORBIDDEN", /reviewers/],
    ["anyone, once the request is approved", alice, { ...request, status: "approved" as const }, "INVALID_STATE", /approved/],
    ["anyone, once the request is cancelled", alice, { ...request, status: "cancelled" as const }, "INVALID_STATE", /cancelled/],
    ["anyone, after expiry even before the sweep", alice, { ...request, expiresAt: now }, "INVALID_STATE", /expired/],
    ["anyone, once the requesting agent is revoked", alice, { ...request, agentRevokedAt: new Date("2026-11-21T11:00:00Z") }, "AGENT_REVOKED", /revoked/],
    ["anyone, when no stage is for people (an automatic approval held)", alice, { ...request, stages: [] }, "FORBIDDEN", /approves it automatically/],
  ])("refuses %s", (_, actor, subject, code, reason) => {
    const verdict = canDecide(actor, subject, [], now);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.code).toBe(code);
      expect(verdict.reason).toMatch(reason);
    }
  });

  it("refuses a second decision by the same person", () => {
    const verdict = canDecide(alice, request, [{ deciderId: "ALICE@example.com", outcome: "approve" }], now);
    expect(verdict).toMatchObject({ ok: false, code: "SEPARATION_OF_DUTIES" });
  });
});

describe("canDecide in stages", () => {
  const grace = person("grace@example.com", ["security"], ["reviewer"]);
  const bob = person("bob@example.com", ["reviewers"], ["reviewer"]);
  const staged: DecisionSubject = { ...request, stages: [{ approvals: 2, groups: ["reviewers"] }, { approvals: 1, groups: ["security"] }] };
  const approved = (...emails: string[]) => emails.map((deciderId) => ({ deciderId, outcome: "approve" as const }));

  it("lets only the current stage's groups decide, in order", () => {
    expect(canDecide(grace, staged, [], now)).toMatchObject({ ok: false, code: "FORBIDDEN", reason: expect.stringMatching(/stage 1 of 2.*reviewers/) });
    expect(canDecide(bob, staged, approved("alice@example.com"), now)).toEqual({ ok: true });
    expect(canDecide(grace, staged, approved("alice@example.com"), now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(canDecide(grace, staged, approved("alice@example.com", "bob@example.com"), now)).toEqual({ ok: true });
    expect(canDecide(person("zoe@example.com", ["reviewers"], ["reviewer"]), staged, approved("alice@example.com", "bob@example.com"), now)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/stage 2 of 2.*security/),
    });
  });

  it("approves only once the last stage is complete", () => {
    expect(statusAfterDecisions(approved("a@x", "b@x"), staged.stages)).toBe("pending");
    expect(statusAfterDecisions(approved("a@x", "b@x", "g@x"), staged.stages)).toBe("approved");
  });
});

describe("canDecide with a step-up", () => {
  const stepUp: DecisionSubject = { ...request, stepUpMinutes: 15 };
  const signedIn = (minutesAgo: number): UserActor => ({ ...alice, authentication: { time: new Date(now.getTime() - minutesAgo * 60_000), methods: ["pwd"], contextClass: null } });

  it("lets someone who authenticated within the window decide", () => {
    expect(canDecide(signedIn(14), stepUp, [], now)).toEqual({ ok: true });
  });

  it("refuses a stale authentication, and one nobody recorded", () => {
    expect(canDecide(signedIn(16), stepUp, [], now)).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED", reason: expect.stringContaining("15 minutes") });
    expect(canDecide(alice, stepUp, [], now)).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
  });
});

describe("statusAfterDecisions", () => {
  it("approves only at quorum of distinct approvers", () => {
    expect(statusAfterDecisions([{ deciderId: "a@x", outcome: "approve" }], need(2))).toBe("pending");
    expect(statusAfterDecisions([{ deciderId: "a@x", outcome: "approve" }, { deciderId: "A@x", outcome: "approve" }], need(2))).toBe("pending");
    expect(statusAfterDecisions([{ deciderId: "a@x", outcome: "approve" }, { deciderId: "b@x", outcome: "approve" }], need(2))).toBe("approved");
  });

  it("rejects on any rejection, even after approvals", () => {
    expect(statusAfterDecisions([{ deciderId: "a@x", outcome: "approve" }, { deciderId: "b@x", outcome: "reject" }], need(1))).toBe("rejected");
  });
});
