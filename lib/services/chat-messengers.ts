import "server-only";
import type { ChatProvider } from "@/db/schema/chat-links";
import type { ChatMessenger } from "./chat-messenger";
import { slackMessenger } from "./slack-messenger";

/** Each chat provider's messenger, or null where it is not configured (its deliveries then fail visibly as `chat_not_configured`). */
export function chatMessenger(provider: ChatProvider): ChatMessenger | null {
  switch (provider) {
    case "slack":
      return slackMessenger();
    case "teams":
      return null;
  }
}
