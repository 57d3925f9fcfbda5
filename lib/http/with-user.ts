import "server-only";
import { getDb, type Database } from "@/db/client";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getConfig } from "@/lib/config";
import type { UserActor } from "@/lib/domain/actor";
import { runWithRequestId } from "@/lib/logging/request-context";
import { checkDatabaseHealth } from "@/lib/services/check-database-health";
import type { ServiceContext } from "@/lib/services/service-context";
import { observeRoute } from "@/lib/observability/observe-route";
import { errorToProblem, problemResponse } from "./problem";
import { requestIdFor, withRequestId } from "./request-id";

/** `P` names the route's dynamic segments (`[requestId]` is "requestId"): Next.js passes each of them. */
export type UserContext<P extends string = never> = {
  request: Request;
  user: UserActor;
  db: Database;
  params: Record<P, string>;
  requestId: string;
  /** What a verb is called with: this call's id becomes the correlation id of the events it writes. */
  service: ServiceContext<UserActor>;
};
type RouteContext<P extends string> = { params?: Promise<Record<P, string>> };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Wraps a console route: the session user (JSON 401 when signed out), and CSRF protection: every
 * state-changing method needs the console's own Origin, and no request may come from another site
 * (Sec-Fetch-Site). Session cookies are also SameSite=Lax; these checks hold even where that does not.
 */
export function withUser<P extends string = never>(handler: (ctx: UserContext<P>) => Promise<Response>) {
  return observeRoute(async (request: Request, route: RouteContext<P>): Promise<Response> => {
    const requestId = requestIdFor(request);
    // Every line logged while serving this request carries its id, whichever library logs it.
    return runWithRequestId(requestId, async () => {
      try {
        if (!SAFE_METHODS.has(request.method) && request.headers.get("origin") !== new URL(getConfig().appUrl).origin) {
          return problemResponse("FORBIDDEN", "Cross-site requests are refused.", requestId);
        }
        // Even reads: a GET such as an evidence export records an event, and another site must not be
        // able to trigger it by navigation. Browsers say where a request came from; others send nothing.
        const site = request.headers.get("sec-fetch-site");
        if (site && site !== "same-origin" && site !== "none") {
          return problemResponse("FORBIDDEN", "Cross-site requests are refused.", requestId);
        }
        const user = await getCurrentUser();
        if (!user) return noSession(request, requestId);
        // Next.js leaves params out only for a route without dynamic segments, where P is never.
        const params = route?.params ? await route.params : ({} as Record<P, string>);
        const db = getDb();
        return withRequestId(await handler({ request, user, db, params, requestId, service: { db, actor: user, requestId, now: new Date() } }), requestId);
      } catch (error) {
        return errorToProblem(error, requestId);
      }
    });
  });
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
