import { describe, expect, it } from "vitest";
import { changesSince } from "./since-last-looked";

const timeline = [
  { id: 1, type: "request.created", actor: "demo-agent" },
  { id: 2, type: "policy.evaluated", actor: "policy" },
  { id: 3, type: "comment.added", actor: "alice@example.com" },
  { id: 4, type: "decision.approved", actor: "alice@example.com", stage: 1 },
  { id: 5, type: "decision.approved", actor: "bob@example.com", stage: 1 },
  { id: 6, type: "comment.resolved", actor: "bob@example.com" },
  { id: 7, type: "decision.approved", actor: "grace@example.com", stage: 2 },
  { id: 8, type: "request.approved", actor: "system" },
  { id: 9, type: "grant.issued", actor: "system" },
];

describe("changesSince", () => {
  it("given a person who saw the first approval, lists what came after in words, with the stage that completed", () => {
    expect(changesSince(timeline, 4, [2, 1])).toEqual([
      { eventId: 5, kind: "decision", text: "bob@example.com approved (stage 1)" },
      { eventId: 5, kind: "stage", text: "Stage 1 of 2 is complete; stage 2 now takes decisions" },
      { eventId: 6, kind: "comment", text: "bob@example.com marked a question answered" },
      { eventId: 7, kind: "decision", text: "grace@example.com approved (stage 2)" },
      { eventId: 8, kind: "status", text: "The request was approved" },
      { eventId: 9, kind: "status", text: "A grant was issued to the agent" },
    ]);
  });

  it("counts approvals seen before toward the stage, and says nothing when nothing is new or the person never looked", () => {
    expect(changesSince(timeline.slice(0, 5), 4, [2, 1]).map((c) => c.kind)).toEqual(["decision", "stage"]);
    expect(changesSince(timeline, 9, [2, 1])).toEqual([]);
    expect(changesSince(timeline, null, [2, 1])).toEqual([]);
  });
});
