import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getConfig } from "@/lib/config";
import type { UserActor } from "@/lib/domain/actor";
import { rolesFromGroups } from "@/lib/domain/roles";
import { saneRequestId } from "@/lib/http/request-id";
import { currentRequestId, runWithRequestId } from "@/lib/logging/request-context";
import { checkDatabaseHealth } from "@/lib/services/check-database-health";
import { auth, type SessionPayload } from "./index";

/**
 * A session was presented but could not be looked up, because the database does not answer. Auth.js
 * reports that as "no session"; pages must not: a signed-in person would be shown the sign-in page,
 * which fails the same way, instead of being told what is wrong.
 */
/** Auth.js's session cookie, plain or `__Secure-` (HTTPS), in a Cookie header. */
const SESSION_COOKIE = /(^|;\s*)(__Secure-)?authjs\.session-token=/;

export class ConsoleUnavailableError extends Error {
  constructor() {
    super("The console cannot reach its database; try again shortly.");
    this.name = "ConsoleUnavailableError";
  }
}

/**
 * The signed-in person for this request, as every verb sees them, or null. Roles are derived from the
 * groups claim stored at their latest sign-in; `authentication` is what the IdP said, at this
 * session's last sign-in, about when and how they authenticated. Memoised per request (layout and
 * page share one lookup). Throws ConsoleUnavailableError when a session was presented and the
 * database does not answer.
 */
export const getCurrentUser: () => Promise<UserActor | null> = cache(async () => {
  // Pages have no route wrapper: their request id is the one the proxy set, so what Auth.js logs
  // while looking the session up (a failed query, say) carries it as well.
  const requestId = currentRequestId() ?? saneRequestId((await headers()).get("x-request-id"));
  const session = requestId ? await runWithRequestId(requestId, () => auth()) : await auth();
  const user = session?.user as { id?: unknown; email?: unknown; name?: unknown; groups?: unknown } | undefined;
  if (!user || typeof user.id !== "string" || typeof user.email !== "string") {
    if (SESSION_COOKIE.test((await headers()).get("cookie") ?? "") && !(await checkDatabaseHealth())) throw new ConsoleUnavailableError();
    return null;
  }
  const groups = Array.isArray(user.groups) ? user.groups.filter((group): group is string => typeof group === "string") : [];
  const authentication = (session as Partial<SessionPayload>).authentication;
  return {
    kind: "user",
    id: user.id,
    email: user.email,
    name: typeof user.name === "string" ? user.name : null,
    groups,
    roles: rolesFromGroups(groups, getConfig().groupRoles),
    authentication: {
      time: authentication?.time ? new Date(authentication.time) : null,
      methods: authentication?.methods ?? [],
      contextClass: authentication?.contextClass ?? null,
    },
  };
});

/** The signed-in person; a signed-out visitor is sent to `/` (the sign-in page) instead. */
export async function requireUser(): Promise<UserActor> {
  const user = await getCurrentUser();
  if (!user) redirect("/");
  return user;
}
