import "server-only";
import type { Executor } from "@/db/client";
import type { ChatProvider } from "@/db/schema/chat-links";
import type { ChatMessenger } from "./chat-messenger";
import { slackMessenger } from "./slack-messenger";
import { teamsMessenger } from "./teams-messenger";

/**
 * Each chat provider's messenger, or null where it is not configured (its deliveries then fail visibly
 * as `chat_not_configured`). Teams reads the database: its cards list who may decide.
 */
export function chatMessenger(provider: ChatProvider, db: Executor): ChatMessenger | null {
  switch (provider) {
    case "slack":
      return slackMessenger();
    case "teams":
      return teamsMessenger(db);
  }
}
