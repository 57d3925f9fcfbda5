import "server-only";
import type { ChatRequestView } from "@/lib/domain/chat/chat-request-view";

/** Where a posted message is, in the provider's terms (Slack: channel id and ts; Teams: conversation and activity id). */
export type ChatMessageRef = { channel: string; ref: string };

/**
 * What the outbox needs of a chat provider to keep reviewers informed: post a request, update that
 * message in place as the request moves, and tell one user something directly (the agent's owner, the
 * outcome). Each provider (lib/services/slack-messenger.ts, …) renders the neutral view its own way.
 */
export type ChatMessenger = {
  post(target: string, view: ChatRequestView): Promise<ChatMessageRef>;
  update(message: ChatMessageRef, view: ChatRequestView): Promise<void>;
  notify(externalUserId: string, text: string): Promise<void>;
};

/**
 * A provider call that failed, classed for administrators like a webhook attempt (never the
 * provider's response text, which may echo anything): the outbox retries it on its schedule,
 * honouring the provider's Retry-After.
 */
export class ChatDeliveryError extends Error {
  constructor(
    readonly errorClass: string,
    readonly statusCode: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(`chat delivery failed: ${errorClass}`);
    this.name = "ChatDeliveryError";
  }
}
