import { bigint, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * How each checkpoint webhook sink is doing, kept by the worker (as the app's role) so /metrics on any
 * console replica reports it. One row per sink, named by position and origin, never its full URL,
 * whose path or query may hold a token.
 */
export const checkpointWebhookStatus = pgTable("checkpoint_webhook_status", {
  sink: text().primaryKey(),
  deliveredSize: bigint({ mode: "number" }),
  deliveredAt: timestamp({ withTimezone: true, mode: "date" }),
  /** Checkpoints given up on after every retry (superseded ones are not failures: a newer one went instead). */
  failures: bigint({ mode: "number" }).notNull().default(0),
  failedAt: timestamp({ withTimezone: true, mode: "date" }),
});
