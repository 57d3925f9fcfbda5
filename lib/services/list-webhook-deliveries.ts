import "server-only";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { events, webhookAttempts, webhookDeliveries } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { isUuid } from "@/lib/domain/uuid";
import { ServiceError } from "./errors";
import { requireCapability } from "./require-capability";

export type DeliveryView = {
  id: string;
  eventId: number;
  eventType: string;
  status: "pending" | "delivered" | "dead";
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  attempts: { attemptedAt: string; statusCode: number | null; durationMs: number; errorClass: string | null }[];
};

const LIMIT = 50;

/** One subscription's latest deliveries (dead letters only, if asked), each with every attempt: what administrators read to see why. */
export async function listWebhookDeliveries(db: Executor, actor: UserActor, subscriptionId: string, { deadOnly = false } = {}): Promise<DeliveryView[]> {
  requireCapability(actor, "administer");
  if (!isUuid(subscriptionId)) throw new ServiceError("NOT_FOUND", "No such webhook.");
  const rows = await db
    .select({ delivery: webhookDeliveries, eventType: events.type })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.subscriptionId, subscriptionId), deadOnly ? eq(webhookDeliveries.status, "dead") : undefined))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.eventId))
    .limit(LIMIT);
  const ids = rows.map(({ delivery }) => delivery.id);
  const attempts = ids.length ? await db.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, ids)).orderBy(asc(webhookAttempts.id)) : [];
  return rows.map(({ delivery, eventType }) => ({
    id: delivery.id,
    eventId: delivery.eventId,
    eventType,
    status: delivery.status,
    createdAt: delivery.createdAt.toISOString(),
    nextAttemptAt: delivery.status === "pending" ? delivery.nextAttemptAt.toISOString() : null,
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    attempts: attempts
      .filter((attempt) => attempt.deliveryId === delivery.id)
      .map(({ attemptedAt, statusCode, durationMs, errorClass }) => ({ attemptedAt: attemptedAt.toISOString(), statusCode, durationMs, errorClass })),
  }));
}
