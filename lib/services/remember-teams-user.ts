import "server-only";
import { teamsUsers } from "@/db/schema";
import { tenantOf, type TeamsActivity } from "@/lib/domain/teams/inbound-activity";
import type { ServiceContext } from "./service-context";

/**
 * Keeps the bot-scoped id (`29:…`) of the Entra user who sent a verified activity, which cards'
 * refresh lists must name. Bots and anonymous senders (no aadObjectId) are not people to remember.
 */
export async function rememberTeamsUser(ctx: ServiceContext, activity: TeamsActivity): Promise<void> {
  const tenantId = tenantOf(activity);
  const { aadObjectId, id } = activity.from;
  if (!tenantId || !aadObjectId || !id.startsWith("29:")) return;
  await ctx.db
    .insert(teamsUsers)
    .values({ tenantId, aadObjectId, teamsUserId: id, seenAt: ctx.now })
    .onConflictDoUpdate({ target: [teamsUsers.tenantId, teamsUsers.aadObjectId], set: { teamsUserId: id, seenAt: ctx.now } });
}
