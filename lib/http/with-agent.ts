import "server-only";
import { getDb, type Database } from "@/db/client";
import type { AgentActor } from "@/lib/domain/actor";
import { authenticateAgent } from "@/lib/services/authenticate-agent";
import { observeRoute } from "@/lib/observability/observe-route";
import { errorToProblem, problemResponse } from "./problem";
import { requestIdFor, withRequestId } from "./request-id";

export type AgentContext = { request: Request; agent: AgentActor; db: Database; params: Record<string, string>; requestId: string };
type RouteContext = { params: Promise<Record<string, string>> };

/**
 * Wraps an agent API route: request id, bearer-key authentication (a JSON 401, never a redirect),
 * and every error mapped to problem+json in one place.
 */
export function withAgent(handler: (ctx: AgentContext) => Promise<Response>) {
  return observeRoute(async (request: Request, route: RouteContext): Promise<Response> => {
    const requestId = requestIdFor(request);
    try {
      const db = getDb();
      const header = request.headers.get("authorization") ?? "";
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const agent = await authenticateAgent(db, match?.[1] ?? null);
      if (!agent) {
        return problemResponse("UNAUTHENTICATED", match ? "The API key is not valid or has been revoked." : "Send your API key as Authorization: Bearer <key>.", requestId);
      }
      const params = route?.params ? await route.params : {};
      return withRequestId(await handler({ request, agent, db, params, requestId }), requestId);
    } catch (error) {
      return errorToProblem(error, requestId);
    }
  });
}
