import "server-only";
import { getConfig } from "@/lib/config";
import { escapeMrkdwn, slackRejectModal } from "@/lib/domain/chat/slack-blocks";
import type { SlackInteraction } from "@/lib/domain/chat/slack-interaction";
import { log } from "@/lib/logging/logger";
import { decideFromChat, type ChatDecision } from "./decide-from-chat";
import { describeErrorSafely } from "./describe-error";
import { resolveChatActor } from "./resolve-chat-actor";
import { respondInSlack } from "./respond-in-slack";
import type { ServiceContext } from "./service-context";
import { slackClient } from "./slack-client";

/**
 * The work behind a verified Slack click, done after the 3-second acknowledgement: Approve decides
 * (decideFromChat); Reject opens a modal for the reason (views.open with the click's trigger_id) when
 * the clicker is linked and may decide in Slack at all, and its submission decides. The person is
 * answered through response_url, ephemerally; the channel's message is updated by the outbox from
 * the events the decision wrote.
 */
export async function handleSlackInteraction(ctx: Omit<ServiceContext, "actor">, interaction: SlackInteraction): Promise<void> {
  switch (interaction.kind) {
    case "ignored":
      return;
    case "approve":
      return answer(interaction.responseUrl, await decideFromChat(ctx, interaction.identity, interaction.requestId, "approve"));
    case "reject": {
      const linked = await resolveChatActor(ctx.db, interaction.identity);
      // Unlinked, or always sent to the console: decideFromChat says so (and records it) without a modal.
      if (!linked || getConfig().chat.alwaysStepUp) {
        return answer(interaction.responseUrl, await decideFromChat(ctx, interaction.identity, interaction.requestId, "reject"));
      }
      const client = slackClient();
      if (!client) return;
      await client.views.open({ trigger_id: interaction.triggerId, view: slackRejectModal(interaction.requestId, interaction.responseUrl) as never });
      return;
    }
    case "reject-reason": {
      const decision = await decideFromChat(ctx, interaction.identity, interaction.requestId, "reject", interaction.reason);
      if (interaction.responseUrl) await answer(interaction.responseUrl, decision);
      return;
    }
  }
}

async function answer(responseUrl: string, decision: ChatDecision): Promise<void> {
  const delivered = await respondInSlack(responseUrl, sentence(decision)).catch((error: unknown) => {
    log.warn("Could not answer a Slack click", { error: describeErrorSafely(error) });
    return false;
  });
  if (!delivered) log.warn("A Slack click's answer was not delivered", { kind: decision.kind });
}

/** What the clicker reads (Slack mrkdwn; links as <url|text>). */
function sentence(decision: ChatDecision): string {
  switch (decision.kind) {
    case "decided": {
      const { status, approvals, requiredApprovals } = decision.result;
      if (status === "approved") return "You approved it. The request is approved.";
      if (status === "rejected") return "You rejected it. The request is rejected.";
      return `Your approval is recorded (${approvals} of ${requiredApprovals}).`;
    }
    case "link-account":
      return `Link your Slack account first: <${decision.url}|sign in to Countersign and link it> (the link works once, for 10 minutes).`;
    case "decide-in-console":
      return `This request asks for a recent sign-in, so it is decided in Countersign: <${decision.url}|open it there> (the link works once, for 10 minutes).`;
    case "refused":
      // A refusal can quote text people wrote (a freeze message): shown as text, never as mrkdwn.
      return escapeMrkdwn(decision.message);
  }
}
