import "server-only";
import { and, eq, gt } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { sessions, users } from "@/db/schema";
import { getConfig } from "@/lib/config";
import type { UserActor } from "@/lib/domain/actor";
import { groupsFromClaim, rolesFromGroups } from "@/lib/domain/roles";
import { hashSessionToken } from "./session-tokens";

/**
 * The person behind a command-line session's bearer credential, checked on every call: a session in
 * the console's sessions table (found by SHA-256 of the credential), not expired, not ended. The
 * actor is built as a browser session's is (lib/auth/current-user.ts): roles from the groups stored at
 * the latest sign-in, and the authentication (auth_time, amr, acr) recorded on this session, which
 * step-up rules and events read. Null when the credential signs no one in.
 */
export async function authenticateCliSession(db: Executor, token: string, now: Date): Promise<UserActor | null> {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, groups: users.groups, authTime: sessions.authTime, amr: sessions.amr, acr: sessions.acr })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.sessionToken, hashSessionToken(token)), gt(sessions.expires, now)));
  if (!row?.email) return null;
  const groups = groupsFromClaim(row.groups);
  return {
    kind: "user",
    id: row.id,
    email: row.email,
    name: row.name,
    groups,
    roles: rolesFromGroups(groups, getConfig().groupRoles),
    authentication: { time: row.authTime, methods: row.amr, contextClass: row.acr },
  };
}
