import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ChatProvider } from "./chat-links";

/**
 * The single-use record behind a signed, short-lived link a chat hands out: "link your account"
 * (`link`) or "decide in the console" (`decide`, when a rule asks for step-up). The link's signature
 * proves it came from us and names this row; `usedAt` makes it work once.
 */
export const chatLinkStates = pgTable(
  "chat_link_states",
  {
    id: uuid().primaryKey(),
    purpose: text().$type<"link" | "decide">().notNull(),
    provider: text().$type<ChatProvider>().notNull(),
    workspace: text().notNull(),
    externalUserId: text().notNull(),
    requestId: uuid(),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp({ withTimezone: true, mode: "date" }),
  },
  (t) => [index("chat_link_states_expires_idx").on(t.expiresAt)],
);
