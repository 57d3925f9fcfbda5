import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { withUser } from "@/lib/http/with-user";
import { listTeamsConversations } from "@/lib/services/list-teams-conversations";

/** The Teams conversations the bot was added to; one becomes a chat target through POST /api/console/admin/chat-targets. */
export const GET = withUser(async ({ db, user }) => Response.json({ conversations: await listTeamsConversations(db, user) }, { headers: { "cache-control": "no-store" } }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
