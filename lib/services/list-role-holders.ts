import "server-only";
import { eq, max, sql } from "drizzle-orm";
import { events, users } from "@/db/schema";
import { getConfig } from "@/lib/config";
import type { UserActor } from "@/lib/domain/actor";
import { rolesFromGroups, type Role } from "@/lib/domain/roles";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

export type RoleHolder = { email: string; name: string | null; groups: string[]; roles: Role[]; lastSignInAt: string | null };

/**
 * Who holds which role, as of each person's last sign-in: the groups claim the IdP sent then (kept on
 * the user) and the roles the console derives from it under today's group mapping, most recent first.
 */
export async function listRoleHolders(ctx: ServiceContext<UserActor>): Promise<RoleHolder[]> {
  requireCapability(ctx.actor, "administer");
  const signIns = ctx.db
    .select({ email: sql<string>`lower(${events.streamId})`.as("sign_in_email"), at: max(events.occurredAt).as("last_sign_in_at") })
    .from(events)
    .where(eq(events.type, "user.signed_in"))
    .groupBy(sql`lower(${events.streamId})`)
    .as("sign_ins");
  const rows = await ctx.db
    .select({ email: users.email, name: users.name, groups: users.groups, lastSignInAt: signIns.at })
    .from(users)
    .leftJoin(signIns, eq(signIns.email, sql`lower(${users.email})`))
    .orderBy(sql`${signIns.at} desc nulls last`, users.email);
  const mapping = getConfig().groupRoles;
  return rows.flatMap(({ email, name, groups, lastSignInAt }) =>
    email ? [{ email, name, groups, roles: rolesFromGroups(groups, mapping), lastSignInAt: lastSignInAt ? new Date(lastSignInAt).toISOString() : null }] : [],
  );
}
