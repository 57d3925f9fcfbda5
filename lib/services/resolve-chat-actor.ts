import "server-only";
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { chatLinks, users } from "@/db/schema";
import { getConfig } from "@/lib/config";
import type { ChatIdentity, UserActor } from "@/lib/domain/actor";
import { groupsFromClaim, rolesFromGroups } from "@/lib/domain/roles";

/**
 * The person a chat identity is linked to, as every verb sees them, or null when it is not linked.
 * Built as a console session's actor is (lib/services/authenticate-cli-session.ts): groups from the
 * users row (their latest SSO sign-in), roles from those. It carries `via` and no `authentication`: a
 * click proves no recent sign-in, so a step-up rule refuses it.
 */
export async function resolveChatActor(db: Executor, identity: ChatIdentity): Promise<UserActor | null> {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, groups: users.groups })
    .from(chatLinks)
    .innerJoin(users, eq(users.id, chatLinks.userId))
    .where(and(eq(chatLinks.provider, identity.provider), eq(chatLinks.workspace, identity.workspace), eq(chatLinks.externalUserId, identity.externalUserId)));
  return row ? chatActorOf(row, identity) : null;
}

/** The actor a users row decides as through a chat identity linked to it; null without an email (nobody to record). */
export function chatActorOf(row: { id: string; email: string | null; name: string | null; groups: unknown }, identity: ChatIdentity): UserActor | null {
  if (!row.email) return null;
  const groups = groupsFromClaim(row.groups);
  return { kind: "user", id: row.id, email: row.email, name: row.name, groups, roles: rolesFromGroups(groups, getConfig().groupRoles), via: identity };
}
