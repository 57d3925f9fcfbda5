import "server-only";
import { ErrorCode, type WebClient } from "@slack/web-api";
import { escapeMrkdwn, slackFallbackText, slackRequestBlocks } from "@/lib/domain/chat/slack-blocks";
import { ChatDeliveryError, type ChatMessenger } from "./chat-messenger";
import { slackClient } from "./slack-client";

/** Slack as a chat target: Block Kit messages in a channel, updated with chat.update; DMs through conversations.open. */
export function slackMessenger(): ChatMessenger | null {
  const client = slackClient();
  if (!client) return null;
  return {
    async post(channel, view) {
      const result = await call(() => client.chat.postMessage({ channel, text: slackFallbackText(view), blocks: slackRequestBlocks(view) as never, unfurl_links: false, unfurl_media: false }));
      if (!result.channel || !result.ts) throw new ChatDeliveryError("slack_bad_response");
      return { channel: result.channel, ref: result.ts };
    },
    async update({ channel, ref }, view) {
      await call(() => client.chat.update({ channel, ts: ref, text: slackFallbackText(view), blocks: slackRequestBlocks(view) as never }));
    },
    async notify(user, text) {
      await sendDirectMessage(client, user, escapeMrkdwn(text));
    },
  };
}

/** A DM to one Slack user: open (or find) the conversation, then post to it. */
async function sendDirectMessage(client: WebClient, user: string, text: string): Promise<void> {
  const opened = await call(() => client.conversations.open({ users: user }));
  if (!opened.channel?.id) throw new ChatDeliveryError("slack_bad_response");
  await call(() => client.chat.postMessage({ channel: opened.channel!.id!, text, unfurl_links: false }));
}

/** A Web API call whose failure becomes a class administrators can act on: Slack's error code, never its response text. */
async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const coded = error as { code?: string; data?: { error?: unknown }; retryAfter?: number; statusCode?: number };
    switch (coded.code) {
      case ErrorCode.RateLimitedError:
        throw new ChatDeliveryError("slack_rate_limited", 429, (coded.retryAfter ?? 1) * 1000);
      case ErrorCode.PlatformError:
        throw new ChatDeliveryError(`slack_${String(coded.data?.error ?? "error").replace(/[^a-z0-9_]/g, "").slice(0, 60)}`, 200);
      case ErrorCode.HTTPError:
        throw new ChatDeliveryError("http_status", coded.statusCode ?? null);
      case ErrorCode.RequestError:
        throw new ChatDeliveryError("connection");
      default:
        throw error;
    }
  }
}
