import type { ChatRequestView } from "./chat-request-view";

/** The buttons' action ids: the interactions route acts on these and nothing else. */
export const SLACK_APPROVE = "countersign.approve";
export const SLACK_REJECT = "countersign.reject";
/** The reject modal's callback id, and its reason input's block and action ids. */
export const SLACK_REJECT_VIEW = "countersign.reject-reason";
export const SLACK_REASON_BLOCK = "reason";
export const SLACK_REASON_ACTION = "reason";

/** Slack's mrkdwn treats these three as control characters: everything shown is escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const STATUS_WORDS: Record<ChatRequestView["status"], string> = {
  pending: "Waiting for approval",
  approved: "Approved",
  rejected: "Rejected",
  expired: "Expired",
  cancelled: "Cancelled",
  executed: "Approved and executed",
  failed: "Approved; execution failed",
};

/**
 * The message's notification text (what a phone shows). Slack reads it as mrkdwn too, so the agent's
 * summary is escaped: `<!channel>` or `<https://…|…>` in it stays text, never a ping or a link.
 */
export function slackFallbackText(view: ChatRequestView): string {
  return escapeMrkdwn(`${STATUS_WORDS[view.status]}: ${view.summary}`);
}

/**
 * A request as Block Kit: what it does, where, the policy and what it still needs, who decided, and,
 * while it takes decisions, Approve and Reject buttons whose value is the request id. Once settled the
 * buttons go and only the link to the console stays.
 */
export function slackRequestBlocks(view: ChatRequestView): object[] {
  const field = (name: string, value: string) => ({ type: "mrkdwn", text: `*${name}*\n${escapeMrkdwn(value)}` });
  const blocks: object[] = [
    { type: "header", text: { type: "plain_text", text: view.summary.slice(0, 150) || "Action request", emoji: false } },
    {
      type: "section",
      fields: [
        field("Action", view.action),
        field("Resource", view.resource),
        field("Environment", view.environment),
        field("Agent", view.agentName),
        field("Policy", view.policy),
        field("Change", view.diffSize ?? "none"),
      ],
    },
  ];
  if (view.highlights.length > 0) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `*Parameters*\n${view.highlights.map((line) => `• ${escapeMrkdwn(line)}`).join("\n")}` } });
  }
  if (view.masked.length > 0) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: escapeMrkdwn(`Masked: ${view.masked.join(", ")}`) }] });
  const needed = view.status === "pending" ? ` · ${view.approvalsNeeded} ${view.approvalsNeeded === 1 ? "approval" : "approvals"} still needed` : "";
  const decided = view.decisions.length > 0 ? `\n${view.decisions.map((line) => escapeMrkdwn(line)).join("\n")}` : "";
  blocks.push({ type: "section", block_id: "countersign.status", text: { type: "mrkdwn", text: `*${STATUS_WORDS[view.status]}*${needed}${decided}` } });
  const open = { type: "button", action_id: "countersign.open", text: { type: "plain_text", text: "Open in Countersign" }, url: view.url };
  blocks.push({
    type: "actions",
    block_id: "countersign.decision",
    elements: view.open
      ? [
          { type: "button", action_id: SLACK_APPROVE, style: "primary", text: { type: "plain_text", text: "Approve" }, value: view.id },
          { type: "button", action_id: SLACK_REJECT, style: "danger", text: { type: "plain_text", text: "Reject" }, value: view.id },
          open,
        ]
      : [open],
  });
  return blocks;
}

/**
 * The modal Reject opens: a required reason. private_metadata carries the request id and the click's
 * response_url, so the submission (which has none of its own) can answer the person.
 */
export function slackRejectModal(requestId: string, responseUrl: string): object {
  return {
    type: "modal",
    callback_id: SLACK_REJECT_VIEW,
    private_metadata: JSON.stringify({ requestId, responseUrl }),
    title: { type: "plain_text", text: "Reject request" },
    submit: { type: "plain_text", text: "Reject" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "input",
        block_id: SLACK_REASON_BLOCK,
        label: { type: "plain_text", text: "Reason" },
        element: { type: "plain_text_input", action_id: SLACK_REASON_ACTION, multiline: true, max_length: 2000 },
      },
    ],
  };
}
