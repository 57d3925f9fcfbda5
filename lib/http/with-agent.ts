import "server-only";
import type { Database } from "@/db/client";
import type { AgentActor } from "@/lib/domain/actor";
import { authenticateAgent } from "@/lib/services/authenticate-agent";
import { problemResponse } from "./problem";
import { wrapRoute, type RouteCall } from "./wrap-route";

/** `P` names the route's dynamic segments (`[requestId]` is "requestId"): Next.js passes each of them. */
export type AgentContext<P extends string = never> = RouteCall<AgentActor, P> & { agent: AgentActor };

/** The bearer key's agent, or the JSON 401 (never a redirect) that says what was wrong with it. */
async function identifyAgent(request: Request, requestId: string, db: Database): Promise<AgentActor | Response> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  const agent = await authenticateAgent(db, match?.[1] ?? null);
  if (agent) return agent;
  return problemResponse("UNAUTHENTICATED", match ? "The API key is not valid or has been revoked." : "Send your API key as Authorization: Bearer <key>.", requestId);
}

/** Wraps an agent API route: bearer-key authentication, then the shared route pipeline. */
export function withAgent<P extends string = never>(handler: (ctx: AgentContext<P>) => Promise<Response>) {
  return wrapRoute<AgentActor, P>(identifyAgent, (call, agent) => handler({ ...call, agent }));
}
