import { pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The bot-scoped Teams user id (`29:…`) of each Entra user (tenant, object id) seen in a verified
 * activity. Links are by object id (chat_links); a card's refresh list must name users by this id,
 * so the bot remembers it. It identifies nobody by itself and grants nothing.
 */
export const teamsUsers = pgTable(
  "teams_users",
  {
    tenantId: text().notNull(),
    aadObjectId: text().notNull(),
    teamsUserId: text().notNull(),
    seenAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.aadObjectId] })],
);
