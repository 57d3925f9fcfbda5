import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { chatLinks, chatMessages, users, webhookSubscriptions } from "@/db/schema";
import type { ChatProvider } from "@/db/schema/chat-links";
import { log } from "@/lib/logging/logger";
import { ChatDeliveryError, type ChatMessenger } from "./chat-messenger";
import { chatMessenger } from "./chat-messengers";
import { describeErrorSafely } from "./describe-error";
import { readChatRequestView } from "./read-chat-request-view";
import type { SendOutcome } from "./send-webhook";

/** The events that settle a request: the agent's owner is told the outcome. */
const SETTLING = new Set(["request.approved", "request.rejected", "request.expired", "request.cancelled"]);

export type ChatDelivery = { deliveryId: string; subscriptionId: string; provider: ChatProvider; target: string };

/**
 * One outbox delivery to a chat target, for one event of a request: the first posts the request
 * (while it still takes decisions), every later one updates that message in place from the request
 * as it stands now, and a settling event also tells the agent's owner (if their chat account is
 * linked). The message row is claimed by the delivery that posts, so two never post it twice; a
 * delivery that finds another's post still under way fails and is retried by the outbox. The outcome
 * is recorded like a webhook attempt's.
 */
export async function deliverToChat(db: Database, delivery: ChatDelivery, event: { type: string; streamType: string; streamId: string }, now: Date): Promise<SendOutcome> {
  const started = performance.now();
  const done = (errorClass: string | null, statusCode: number | null = errorClass ? null : 200, retryAfterMs: number | null = null): SendOutcome => ({
    statusCode,
    durationMs: Math.round(performance.now() - started),
    errorClass,
    retryAfterMs,
  });
  if (event.streamType !== "request") return done(null);
  const messenger = chatMessenger(delivery.provider, db);
  if (!messenger) return done("chat_not_configured");
  try {
    const read = await readChatRequestView(db, event.streamId, now);
    if (!read) return done(null);
    const { view, ownerEmail } = read;
    const key = and(eq(chatMessages.subscriptionId, delivery.subscriptionId), eq(chatMessages.requestId, view.id));
    let [message] = await db.select().from(chatMessages).where(key);
    // A request settled before anyone was asked (an automatic approval) is not worth a message.
    if (!message && !view.open) return done(null);
    if (!message) {
      await db.insert(chatMessages).values({ subscriptionId: delivery.subscriptionId, requestId: view.id, claimedBy: delivery.deliveryId }).onConflictDoNothing();
      [message] = await db.select().from(chatMessages).where(key);
    }
    if (!message) throw new Error("a claimed chat message row disappeared");
    if (message.channel && message.messageRef) {
      await messenger.update({ channel: message.channel, ref: message.messageRef }, view);
    } else if (message.claimedBy === delivery.deliveryId) {
      const posted = await messenger.post(delivery.target, view);
      await db.update(chatMessages).set({ channel: posted.channel, messageRef: posted.ref, postedAt: new Date() }).where(key);
    } else {
      return done("chat_post_in_progress");
    }
    if (SETTLING.has(event.type) && (await toldByThisSubscription(db, delivery))) {
      await notifyOwner(db, messenger, delivery.provider, ownerEmail, `Your agent's request "${view.summary}" was ${view.status}: ${view.url}`);
    }
    return done(null);
  } catch (error) {
    if (error instanceof ChatDeliveryError) return done(error.errorClass, error.statusCode, error.retryAfterMs);
    log.warn("A chat delivery failed", { source: "worker", delivery: delivery.deliveryId, error: describeErrorSafely(error) });
    return done("other");
  }
}

/**
 * With several channels of one provider, each gets the settling event: only the oldest channel still
 * in force tells the owner, so they hear the outcome once.
 */
async function toldByThisSubscription(db: Database, delivery: ChatDelivery): Promise<boolean> {
  const [first] = await db
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.kind, delivery.provider), isNull(webhookSubscriptions.removedAt)))
    .orderBy(asc(webhookSubscriptions.createdAt), asc(webhookSubscriptions.id))
    .limit(1);
  return first?.id === delivery.subscriptionId;
}

/** A direct message to the agent's owner, where their account on this chat is linked; a failure here does not fail the update. */
async function notifyOwner(db: Database, messenger: ChatMessenger, provider: ChatProvider, ownerEmail: string, text: string): Promise<void> {
  const links = await db
    .select({ externalUserId: chatLinks.externalUserId })
    .from(chatLinks)
    .innerJoin(users, eq(users.id, chatLinks.userId))
    .where(and(eq(chatLinks.provider, provider), sql`lower(btrim(${users.email})) = lower(btrim(${ownerEmail}))`));
  for (const link of links) {
    await messenger.notify(link.externalUserId, text).catch((error: unknown) => log.warn("Could not tell an agent's owner the outcome in chat", { source: "worker", error: describeErrorSafely(error) }));
  }
}
