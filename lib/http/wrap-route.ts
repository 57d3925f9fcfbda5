import "server-only";
import { getDb, type Database } from "@/db/client";
import type { Actor } from "@/lib/domain/actor";
import { runWithRequestId } from "@/lib/logging/request-context";
import { observeRoute } from "@/lib/observability/observe-route";
import type { ServiceContext } from "@/lib/services/service-context";
import { errorToProblem } from "./problem";
import { requestIdFor, withRequestId } from "./request-id";

/** What Next.js passes a route handler; `P` names its dynamic segments (`[requestId]` is "requestId"). */
export type RouteContext<P extends string> = { params?: Promise<Record<P, string>> };

/** What every wrapped route gets, whoever its caller is. */
export type RouteCall<A extends Actor, P extends string> = {
  request: Request;
  db: Database;
  params: Record<P, string>;
  requestId: string;
  /** What a verb is called with: this call's id becomes the correlation id of the events it writes. */
  service: ServiceContext<A>;
};

/**
 * The one pipeline of every API route: a request id (on the response, and on every line logged
 * while serving it), metrics and a trace span, the caller identified by `identify` (which answers
 * the refusal itself: a 401, a CSRF 403), and every error mapped to problem+json in one place.
 */
export function wrapRoute<A extends Actor, P extends string>(
  identify: (request: Request, requestId: string, db: Database) => Promise<A | Response>,
  handler: (call: RouteCall<A, P>, actor: A) => Promise<Response>,
) {
  return observeRoute(async (request: Request, route: RouteContext<P>): Promise<Response> => {
    const requestId = requestIdFor(request);
    return runWithRequestId(requestId, async () => {
      try {
        const db = getDb();
        const actor = await identify(request, requestId, db);
        if (actor instanceof Response) return actor;
        // Next.js leaves params out only for a route without dynamic segments, where P is never.
        const params = route?.params ? await route.params : ({} as Record<P, string>);
        const call = { request, db, params, requestId, service: { db, actor, requestId, now: new Date() } };
        return withRequestId(await handler(call, actor), requestId);
      } catch (error) {
        return errorToProblem(error, requestId);
      }
    });
  });
}
