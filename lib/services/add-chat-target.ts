import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { appendEvents } from "@/db/event-store";
import { webhookSubscriptions } from "@/db/schema";
import type { ChatProvider } from "@/db/schema/chat-links";
import type { SystemActor, UserActor } from "@/lib/domain/actor";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import { ServiceError } from "./errors";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

/**
 * The events a chat target takes: those that move a request, each of which posts or updates its
 * message. Comments and refusals change nothing a chat message shows.
 */
export const CHAT_EVENT_TYPES = ["request.*", "decision.approved", "execution.reported"];

export const ZAddChatTarget = z.object({ provider: z.enum(["slack", "teams"]), target: z.string().max(200) });

/** A channel id as the provider spells it (Slack: C…/G…; Teams: a conversation id), nothing that could be mistaken for markup. */
const TARGET = /^[A-Za-z0-9:@._-]{1,200}$/;

/**
 * Posts requests to a chat channel (a Slack channel id, a Teams conversation id): one more outbox
 * subscription, of kind `slack` or `teams`, so its deliveries share the webhooks' lanes, retries,
 * dead letters, attempts and replay. People need `administer`; operators (the CLI) act as the system.
 */
export async function addChatTarget(ctx: ServiceContext<UserActor | SystemActor>, input: { provider: ChatProvider; target: string }): Promise<{ id: string; provider: ChatProvider; target: string }> {
  const { actor, now } = ctx;
  if (actor.kind === "user") requireCapability(actor, "administer");
  const target = input.target.trim();
  if (!TARGET.test(target)) throw new ServiceError("VALIDATION", "The chat target is not valid.", [{ path: "target", message: "Give the channel's id (Slack: C…), without #." }]);
  const id = randomUUID();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(webhookSubscriptions).values({
      id,
      kind: input.provider,
      target,
      url: `${input.provider}:${target}`,
      sealedUrl: null,
      eventTypes: CHAT_EVENT_TYPES,
      createdBy: toRecordedActor(actor).id,
      createdAt: now,
    });
    await appendEvents(tx, [{ type: "webhook.subscribed", streamType: "webhook", streamId: id, actor: toRecordedActor(actor), data: { kind: input.provider, target, events: CHAT_EVENT_TYPES } }], {
      now,
      correlationId: ctx.requestId,
    });
  });
  return { id, provider: input.provider, target };
}
