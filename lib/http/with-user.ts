import "server-only";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getConfig } from "@/lib/config";
import type { UserActor } from "@/lib/domain/actor";
import type { Database } from "@/db/client";
import { authenticateCliSession } from "@/lib/services/authenticate-cli-session";
import { checkDatabaseHealth } from "@/lib/services/check-database-health";
import { presentedCliSessionToken } from "@/lib/services/session-tokens";
import { problemResponse } from "./problem";
import { wrapRoute, type RouteCall } from "./wrap-route";

/** `P` names the route's dynamic segments (`[requestId]` is "requestId"): Next.js passes each of them. */
export type UserContext<P extends string = never> = RouteCall<UserActor, P> & { user: UserActor };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The session's user, after CSRF protection: every state-changing method needs the console's own
 * Origin, and no request may come from another site (Sec-Fetch-Site). Session cookies are also
 * SameSite=Lax; these checks hold even where that does not.
 *
 * The command line's session (`npm run cli -- login`) comes as `Authorization: Bearer cs_cli_…`
 * instead of a cookie: the same kind of session, in the same table, checked on every call, and the
 * same actor for every verb. No browser attaches that header by itself, so another site cannot make
 * a browser send it, and the CSRF checks, which are about cookies, do not apply to it.
 */
async function identifyUser(request: Request, requestId: string, db: Database): Promise<UserActor | Response> {
  const cliToken = presentedCliSessionToken(request);
  if (cliToken !== undefined) {
    const user = await authenticateCliSession(db, cliToken, new Date());
    return user ?? problemResponse("UNAUTHENTICATED", "This command-line session has expired or was ended; sign in again (npm run cli -- login).", requestId);
  }
  if (!SAFE_METHODS.has(request.method) && request.headers.get("origin") !== new URL(getConfig().appUrl).origin) {
    return problemResponse("FORBIDDEN", "Cross-site requests are refused.", requestId);
  }
  // Even reads: a GET such as an evidence export records an event, and another site must not be
  // able to trigger it by navigation. Browsers say where a request came from; others send nothing.
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    return problemResponse("FORBIDDEN", "Cross-site requests are refused.", requestId);
  }
  return (await getCurrentUser()) ?? noSession(request, requestId);
}

/** Wraps a console route: the session user (a JSON 401 when signed out), then the shared route pipeline. */
export function withUser<P extends string = never>(handler: (ctx: UserContext<P>) => Promise<Response>) {
  return wrapRoute<UserActor, P>(identifyUser, (call, user) => handler({ ...call, user }));
}

/**
 * Auth.js answers "no session" when it could not look the session up at all. Someone who presented a
 * session cookie is then told the truth, that the console cannot reach its database (a 503 to retry),
 * not asked to sign in again, which would fail the same way.
 */
async function noSession(request: Request, requestId: string): Promise<Response> {
  const presentedSession = /(^|;\s*)(__Secure-)?authjs\.session-token=/.test(request.headers.get("cookie") ?? "");
  if (presentedSession && !(await checkDatabaseHealth())) {
    return problemResponse("UNAVAILABLE", "The console cannot reach its database; try again shortly.", requestId, undefined, 5);
  }
  return problemResponse("UNAUTHENTICATED", "Sign in to continue.", requestId);
}
