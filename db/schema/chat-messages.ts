import { pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { webhookSubscriptions } from "./webhook-subscriptions";

/**
 * The message a chat subscription posted for a request, so each later event updates it in place.
 * Claimed by one delivery (`claimedBy`) before it posts, so two deliveries never post it twice;
 * `messageRef` (Slack's ts, a Teams activity id) is null until the post succeeded.
 */
export const chatMessages = pgTable(
  "chat_messages",
  {
    subscriptionId: uuid()
      .notNull()
      .references(() => webhookSubscriptions.id),
    requestId: uuid().notNull(),
    claimedBy: uuid().notNull(),
    channel: text(),
    messageRef: text(),
    postedAt: timestamp({ withTimezone: true, mode: "date" }),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.requestId] })],
);
