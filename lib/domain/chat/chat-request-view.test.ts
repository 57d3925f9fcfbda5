import { describe, expect, it } from "vitest";
import { chatRequestView, type ChatRequestInput } from "./chat-request-view";

const now = new Date("2026-12-01T12:00:00Z");
const input: ChatRequestInput = {
  id: "0b9f8c1e-1111-4222-8333-444455556666",
  summary: "Rotate the   payments\nkey",
  action: "secrets.rotate",
  resource: "vault://payments",
  environment: "production",
  agentName: "ops-bot",
  parameters: { key: "[aws_secret_key:3f9a1c]", dryRun: false, note: "x".repeat(300) },
  change: { format: "text", before: "a\nb\n", after: "a\nc\nd\n" },
  masking: { aws_secret_key: 1, email: 0 },
  policyName: "Default",
  rule: "prod-secrets",
  stages: [
    { approvals: 1, groups: ["reviewers"] },
    { approvals: 1, groups: ["security"] },
  ],
  status: "pending",
  decisions: [{ decider: "alice@example.com", outcome: "approve", kind: "user" }],
  expiresAt: new Date("2026-12-01T13:00:00Z"),
};

describe("chatRequestView", () => {
  it("shows what the request does, what was masked, the diff's size and the approvals still needed", () => {
    const view = chatRequestView(input, "https://cs.example.com", now);
    expect(view).toMatchObject({
      summary: "Rotate the payments key",
      policy: "Default (rule prod-secrets)",
      masked: ["1 × aws_secret_key"],
      diffSize: "+2 −1 lines",
      approvalsNeeded: 1,
      decisions: ["alice@example.com approved"],
      open: true,
      url: "https://cs.example.com/requests/0b9f8c1e-1111-4222-8333-444455556666",
    });
    expect(view.highlights.slice(0, 2)).toEqual(["key: [aws_secret_key:3f9a1c]", "dryRun: false"]);
    expect(view.highlights[2]).toHaveLength(120);
  });

  it("closes the buttons once the request is settled or has lapsed, and needs nothing more", () => {
    expect(chatRequestView({ ...input, status: "rejected" }, "https://cs.example.com", now)).toMatchObject({ open: false, approvalsNeeded: 0 });
    expect(chatRequestView(input, "https://cs.example.com", new Date("2026-12-01T13:00:00Z")).open).toBe(false);
  });

  it("has no diff size without a change", () => {
    expect(chatRequestView({ ...input, change: null }, "https://cs.example.com", now).diffSize).toBeNull();
  });
});
