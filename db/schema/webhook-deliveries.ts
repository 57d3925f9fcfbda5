import { bigint, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { events } from "./events";
import { webhookSubscriptions } from "./webhook-subscriptions";

/**
 * The outbox: one event owed to one subscription, written by a trigger on `events` in the event's own
 * transaction (migration 0020). Its id is the `webhook-id` of every attempt, so a receiver can drop a
 * retry it already took. `attempts` 0 is the fresh lane; more is the retry lane, due at `nextAttemptAt`.
 */
export const webhookDeliveries = pgTable("webhook_deliveries", {
  id: uuid().primaryKey().defaultRandom(),
  subscriptionId: uuid()
    .notNull()
    .references(() => webhookSubscriptions.id),
  eventId: bigint({ mode: "number" })
    .notNull()
    .references(() => events.id),
  status: text({ enum: ["pending", "delivered", "dead"] }).notNull().default("pending"),
  attempts: integer().notNull().default(0),
  nextAttemptAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  leasedUntil: timestamp({ withTimezone: true, mode: "date" }),
  createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  deliveredAt: timestamp({ withTimezone: true, mode: "date" }),
});
