import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { appendEvents } from "@/db/event-store";
import { webhookSubscriptions } from "@/db/schema";
import type { SystemActor, UserActor } from "@/lib/domain/actor";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import { isUuid } from "@/lib/domain/uuid";
import { ServiceError } from "./errors";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

/**
 * Unsubscribes: no delivery is owed for later events. Deliveries already owed are still attempted
 * (their events happened while it was subscribed); the row stays, so its history stays readable.
 */
export async function removeWebhook(ctx: ServiceContext<UserActor | SystemActor>, id: string): Promise<{ id: string; removed: true }> {
  const { actor, now } = ctx;
  if (actor.kind === "user") requireCapability(actor, "administer");
  if (!isUuid(id)) throw new ServiceError("NOT_FOUND", "No such webhook.");
  await ctx.db.transaction(async (tx) => {
    const [removed] = await tx
      .update(webhookSubscriptions)
      .set({ removedAt: now })
      .where(and(eq(webhookSubscriptions.id, id), isNull(webhookSubscriptions.removedAt)))
      .returning({ url: webhookSubscriptions.url });
    if (!removed) throw new ServiceError("NOT_FOUND", "No such webhook.");
    await appendEvents(tx, [{ type: "webhook.unsubscribed", streamType: "webhook", streamId: id, actor: toRecordedActor(actor), data: { url: removed.url } }], {
      now,
      correlationId: ctx.requestId,
    });
  });
  return { id, removed: true };
}
