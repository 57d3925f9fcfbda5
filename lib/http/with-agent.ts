import "server-only";
import { getDb, type Database } from "@/db/client";
import type { AgentActor } from "@/lib/domain/actor";
import { authenticateAgent } from "@/lib/services/authenticate-agent";
import { runWithRequestId } from "@/lib/logging/request-context";
import type { ServiceContext } from "@/lib/services/service-context";
import { observeRoute } from "@/lib/observability/observe-route";
import { errorToProblem, problemResponse } from "./problem";
import { requestIdFor, withRequestId } from "./request-id";

/** `P` names the route's dynamic segments (`[requestId]` is "requestId"): Next.js passes each of them. */
export type AgentContext<P extends string = never> = {
  request: Request;
  agent: AgentActor;
  db: Database;
  params: Record<P, string>;
  requestId: string;
  /** What a verb is called with: this call's id becomes the correlation id of the events it writes. */
  service: ServiceContext<AgentActor>;
};
type RouteContext<P extends string> = { params?: Promise<Record<P, string>> };

/**
 * Wraps an agent API route: request id, bearer-key authentication (a JSON 401, never a redirect),
 * and every error mapped to problem+json in one place.
 */
export function withAgent<P extends string = never>(handler: (ctx: AgentContext<P>) => Promise<Response>) {
  return observeRoute(async (request: Request, route: RouteContext<P>): Promise<Response> => {
    const requestId = requestIdFor(request);
    // Every line logged while serving this request carries its id, whichever library logs it.
    return runWithRequestId(requestId, async () => {
      try {
        const db = getDb();
        const header = request.headers.get("authorization") ?? "";
        const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
        const agent = await authenticateAgent(db, match?.[1] ?? null);
        if (!agent) {
          return problemResponse("UNAUTHENTICATED", match ? "The API key is not valid or has been revoked." : "Send your API key as Authorization: Bearer <key>.", requestId);
        }
        // Next.js leaves params out only for a route without dynamic segments, where P is never.
        const params = route?.params ? await route.params : ({} as Record<P, string>);
        return withRequestId(await handler({ request, agent, db, params, requestId, service: { db, actor: agent, requestId, now: new Date() } }), requestId);
      } catch (error) {
        return errorToProblem(error, requestId);
      }
    });
  });
}
