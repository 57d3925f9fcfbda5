import "server-only";
import { desc, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { webhookDeliveries, webhookSubscriptions } from "@/db/schema";
import type { SystemActor, UserActor } from "@/lib/domain/actor";
import { requireCapability } from "./require-capability";
import { getWebhookPublicKey } from "./webhook-key";

export type WebhookSummary = {
  id: string;
  /** Display form: no credentials, path masked, query values removed. */
  url: string;
  /** A webhook, or a chat channel (Slack, Teams) that requests are posted to. */
  kind: "webhook" | "slack" | "teams";
  events: string[];
  signing: "ed25519" | "hmac";
  createdBy: string;
  createdAt: string;
  deliveries: { pending: number; delivered: number; dead: number };
};

/** The subscriptions in force, newest first, with how their deliveries stand, and the key receivers verify with. */
export async function listWebhooks(db: Executor, actor: UserActor | SystemActor): Promise<{ publicKey: string; webhooks: WebhookSummary[] }> {
  if (actor.kind === "user") requireCapability(actor, "administer");
  const count = (status: string) => sql<number>`count(*) filter (where ${webhookDeliveries.status} = ${status})::int`;
  const rows = await db
    .select({
      id: webhookSubscriptions.id,
      url: webhookSubscriptions.url,
      kind: webhookSubscriptions.kind,
      events: webhookSubscriptions.eventTypes,
      signing: webhookSubscriptions.signing,
      createdBy: webhookSubscriptions.createdBy,
      createdAt: webhookSubscriptions.createdAt,
      pending: count("pending"),
      delivered: count("delivered"),
      dead: count("dead"),
    })
    .from(webhookSubscriptions)
    .leftJoin(webhookDeliveries, eq(webhookDeliveries.subscriptionId, webhookSubscriptions.id))
    .where(isNull(webhookSubscriptions.removedAt))
    .groupBy(webhookSubscriptions.id)
    .orderBy(desc(webhookSubscriptions.createdAt));
  return {
    publicKey: getWebhookPublicKey(),
    webhooks: rows.map(({ pending, delivered, dead, createdAt, ...row }) => ({ ...row, createdAt: createdAt.toISOString(), deliveries: { pending, delivered, dead } })),
  };
}
