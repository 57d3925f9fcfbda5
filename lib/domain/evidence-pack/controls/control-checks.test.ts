import { describe, expect, it } from "vitest";
import type { HashableEvent } from "../../event-chain";
import { createControlRun } from "./control-checks";

let id = 0;
const event = (type: string, streamId: string, actor: Record<string, unknown>, data: Record<string, unknown>, streamType = "request"): HashableEvent => ({
  id: ++id,
  type,
  streamType,
  streamId,
  actor,
  data,
  correlationId: "c",
  occurredAt: "2026-12-01T10:00:00.000Z",
});
const run = (events: HashableEvent[]) => {
  const controls = createControlRun(new Map([["agent-1", "erin@example.com"]]));
  const found = events.flatMap((e, i) => controls.feed(i + 1, e));
  const end = controls.finish("2026-12-01T12:00:00.000Z");
  return { found: [...found, ...end.exceptions].map((e) => e.check), tallies: end.tallies, outOfPeriod: end.outOfPeriod };
};
const user = (email: string) => ({ kind: "user", id: email });

describe("control tests", () => {
  it("given the bootstrap policy version, when it is fed, then it is outside the second-administrator test", () => {
    const { found, tallies } = run([event("policy.changed", "default", { kind: "system", id: "seed" }, { version: 1 }, "policy")]);
    expect(found).toEqual([]);
    expect(tallies["policy-second-administrator"].population).toBe(0);
  });

  it("given a change approved by another administrator, then it is effective; approved only by its proposer, an exception", () => {
    const change = (approvers: string[]) => event("policy.changed", "default", user("dave@example.com"), { version: 2, changeRequestId: "x", proposedBy: "dave@example.com", approvers }, "policy");
    expect(run([change(["frank@example.com"])]).found).toEqual([]);
    expect(run([change(["DAVE@example.com"])]).found).toEqual(["policy-second-administrator"]);
  });

  it("given a request created before the pack, when its approval and execution are fed, then they are counted out of period, not tested", () => {
    const { found, tallies, outOfPeriod } = run([event("decision.approved", "r-old", user("erin@example.com"), {}), event("execution.reported", "r-old", { kind: "agent", id: "agent-1" }, { grantId: "g" })]);
    expect(found).toEqual([]);
    expect(outOfPeriod).toBe(2);
    expect(tallies["independent-approval"].population).toBe(0);
  });

  it("given a break-glass approval confirmed as often as required, then its follow-up is closed", () => {
    const created = event("request.created", "r1", { kind: "agent", id: "agent-1" }, { agentId: "agent-1", onBehalfOf: null, payloadDigest: "sha256:a" });
    const glass = event("decision.break_glass", "r1", user("dan@example.com"), { reason: "Outage" });
    const confirmed = (n: number) => event("break_glass.confirmed", "r1", user("alice@example.com"), { confirmations: n, requiredConfirmations: 2 });
    expect(run([created, glass, confirmed(1)]).found).toEqual(["break-glass-follow-up"]);
    expect(run([created, glass, confirmed(1), confirmed(2)]).found).toEqual([]);
  });
});
