import { describe, expect, it } from "vitest";
import type { ChatRequestView } from "./chat-request-view";
import { SLACK_APPROVE, SLACK_REJECT, slackFallbackText, slackRequestBlocks } from "./slack-blocks";

const view: ChatRequestView = {
  id: "0b9f8c1e-1111-4222-8333-444455556666",
  summary: "Deploy <!channel> & see <https://evil.example|your bonus>",
  action: "deploy",
  resource: "svc <@U0ADMIN>",
  environment: "production",
  agentName: "ops-bot",
  highlights: ["note: <!here> <https://evil.example|click>"],
  masked: [],
  diffSize: null,
  policy: "Default policy",
  approvalsNeeded: 1,
  status: "pending",
  decisions: [],
  open: true,
  url: "https://cs.example.com/requests/0b9f8c1e-1111-4222-8333-444455556666",
};

describe("Slack messages of a request", () => {
  it("escape the agent's text everywhere Slack reads mrkdwn: no pings, mentions or disguised links", () => {
    expect(slackFallbackText(view)).toBe("Waiting for approval: Deploy &lt;!channel&gt; &amp; see &lt;https://evil.example|your bonus&gt;");
    const mrkdwn = JSON.stringify(slackRequestBlocks(view).filter((block) => (block as { type: string }).type !== "header"));
    expect(mrkdwn).not.toMatch(/<!|<@|<https/);
    expect(mrkdwn).toContain("svc &lt;@U0ADMIN&gt;");
    expect(mrkdwn).toContain("&lt;!here&gt;");
  });

  it("offer Approve and Reject valued with the request id while it is open, and only the console link once settled", () => {
    const buttons = (blocks: object[]) =>
      (blocks.find((block) => (block as { type: string }).type === "actions") as { elements: { action_id: string; value?: string }[] }).elements.map((e) => [e.action_id, e.value]);
    expect(buttons(slackRequestBlocks(view))).toEqual([
      [SLACK_APPROVE, view.id],
      [SLACK_REJECT, view.id],
      ["countersign.open", undefined],
    ]);
    expect(buttons(slackRequestBlocks({ ...view, status: "approved", open: false, decisions: ["bob@example.com approved"] }))).toEqual([["countersign.open", undefined]]);
  });
});
