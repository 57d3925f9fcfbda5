import { bigserial, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { webhookDeliveries } from "./webhook-deliveries";

/** Every try at a delivery: status code, duration and a class of error; never the response body. */
export const webhookAttempts = pgTable("webhook_attempts", {
  id: bigserial({ mode: "number" }).primaryKey(),
  deliveryId: uuid()
    .notNull()
    .references(() => webhookDeliveries.id),
  attemptedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  statusCode: integer(),
  durationMs: integer().notNull(),
  errorClass: text(),
});
