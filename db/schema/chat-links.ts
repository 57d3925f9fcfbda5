import { index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";

export type ChatProvider = "slack" | "teams";

/**
 * Whose chat identity decides for whom: a chat user (Slack user in a team, Teams user in a tenant)
 * linked to one Countersign person by an SSO sign-in from a link the chat sent, never by email.
 */
export const chatLinks = pgTable(
  "chat_links",
  {
    provider: text().$type<ChatProvider>().notNull(),
    /** The Slack team id, or the Teams tenant id. */
    workspace: text().notNull(),
    externalUserId: text().notNull(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    linkedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.workspace, t.externalUserId] }), index("chat_links_user_idx").on(t.userId)],
);
