import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Where events go out as Standard Webhooks: a URL and the event types it wants (empty: all; a type,
 * or a prefix ending in ".*"). Ed25519 (`v1a`) with the deployment's webhook key by default; `hmac`
 * (`v1`) with the subscription's own `whsec_` secret, kept sealed (see lib/services/webhook-secrets.ts).
 * Removing one keeps the row, so the deliveries and attempts it explains stay readable.
 * `kind` slack or teams makes it a chat target (migration 0022): no URL, a channel or conversation in
 * `target`, and the same outbox, lanes, retries and replay as a webhook.
 */
export const webhookSubscriptions = pgTable("webhook_subscriptions", {
  id: uuid().primaryKey().defaultRandom(),
  /** For display only: no credentials, the path masked, query values removed. */
  url: text().notNull(),
  /** The URL as given, sealed like the secret: a path or query may carry a token. */
  sealedUrl: text(),
  kind: text({ enum: ["webhook", "slack", "teams"] }).notNull().default("webhook"),
  /** A chat subscription's channel (Slack) or conversation (Teams) id; null for a webhook. */
  target: text(),
  eventTypes: text().array().notNull().default([]),
  signing: text({ enum: ["ed25519", "hmac"] }).notNull().default("ed25519"),
  sealedSecret: text(),
  createdBy: text().notNull(),
  createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  removedAt: timestamp({ withTimezone: true, mode: "date" }),
});
