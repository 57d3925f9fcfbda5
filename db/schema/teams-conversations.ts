import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Teams conversations the bot was added to, captured from the Bot Connector's verified
 * conversationUpdate: what a proactive message needs (the conversation id, its tenant, and the
 * serviceUrl the Connector named in its signed token). Capturing one sends nothing there: an
 * administrator chooses which become delivery targets in /admin.
 */
export const teamsConversations = pgTable("teams_conversations", {
  id: text().primaryKey(),
  tenantId: text().notNull(),
  serviceUrl: text().notNull(),
  /** The bot's own account in it (`28:<app id>`), the `from` of what it posts. */
  botId: text().notNull(),
  /** "Team › Channel", or the chat's name, for administrators to recognise it. */
  name: text(),
  conversationType: text(),
  addedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  /** Set when the bot was removed from it: nothing is posted there any more. */
  removedAt: timestamp({ withTimezone: true, mode: "date" }),
});
