import "server-only";
import { and, eq } from "drizzle-orm";
import { appendEvents } from "@/db/event-store";
import { webhookDeliveries } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import { isUuid } from "@/lib/domain/uuid";
import { ServiceError } from "./errors";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

/**
 * Sends a dead letter again: back to the fresh lane with a new retry schedule, under the same
 * `webhook-id` (a receiver that did take it after all can drop it). Its earlier attempts stay on record.
 */
export async function replayWebhookDelivery(ctx: ServiceContext<UserActor>, deliveryId: string): Promise<{ id: string; status: "pending" }> {
  const { actor, now } = ctx;
  requireCapability(actor, "administer");
  if (!isUuid(deliveryId)) throw new ServiceError("NOT_FOUND", "No such delivery.");
  await ctx.db.transaction(async (tx) => {
    const [replayed] = await tx
      .update(webhookDeliveries)
      .set({ status: "pending", attempts: 0, nextAttemptAt: now, leasedUntil: null, createdAt: now })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, "dead")))
      .returning({ subscriptionId: webhookDeliveries.subscriptionId, eventId: webhookDeliveries.eventId });
    if (!replayed) throw new ServiceError("NOT_FOUND", "No dead delivery with that id.");
    await appendEvents(tx, [{ type: "webhook.replayed", streamType: "webhook", streamId: replayed.subscriptionId, actor: toRecordedActor(actor), data: { delivery: deliveryId, eventId: replayed.eventId } }], {
      now,
      correlationId: ctx.requestId,
    });
  });
  return { id: deliveryId, status: "pending" };
}
