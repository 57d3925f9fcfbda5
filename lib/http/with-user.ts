import "server-only";
import { ConsoleUnavailableError, getCurrentUser } from "@/lib/auth/current-user";
import { getConfig } from "@/lib/config";
import type { UserActor } from "@/lib/domain/actor";
import type { Database } from "@/db/client";
import { authenticateCliSession } from "@/lib/services/authenticate-cli-session";
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
  try {
    return (await getCurrentUser()) ?? problemResponse("UNAUTHENTICATED", "Sign in to continue.", requestId);
  } catch (error) {
    // A session was presented and the database does not answer: not "sign in again", which would
    // fail the same way, but the truth, with a time to retry.
    if (error instanceof ConsoleUnavailableError) return problemResponse("UNAVAILABLE", error.message, requestId, undefined, 5);
    throw error;
  }
}

/** Wraps a console route: the session user (a JSON 401 when signed out), then the shared route pipeline. */
export function withUser<P extends string = never>(handler: (ctx: UserContext<P>) => Promise<Response>) {
  return wrapRoute<UserActor, P>(identifyUser, (call, user) => handler({ ...call, user }));
}
