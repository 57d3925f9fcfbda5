import { and, eq } from "drizzle-orm";
import { GET as jwksRoute } from "../../app/.well-known/jwks.json/route";
import { POST as createRoute } from "../../app/api/v1/action-requests/route";
import { GET as getRoute } from "../../app/api/v1/action-requests/[requestId]/route";
import { POST as cancelRoute } from "../../app/api/v1/action-requests/[requestId]/cancel/route";
import { POST as executionRoute } from "../../app/api/v1/action-requests/[requestId]/execution/route";
import { GET as receiptRoute } from "../../app/api/v1/action-requests/[requestId]/receipt/route";
import type { Database } from "../../db/client";
import { actionRequests } from "../../db/schema";
import type { Server } from "node:http";
import { freePort } from "./global-setup";
import { serveRoutes, type Route, type RouteHandler } from "./route-server";

/** The agent API an SDK or an agent-side process calls, by method and path, as app/ routes it. */
export const AGENT_API_ROUTES: Route[] = [
  ["POST", /^\/api\/v1\/action-requests$/, createRoute as RouteHandler],
  ["GET", /^\/api\/v1\/action-requests\/(?<requestId>[^/]+)$/, getRoute as RouteHandler],
  ["POST", /^\/api\/v1\/action-requests\/(?<requestId>[^/]+)\/cancel$/, cancelRoute as RouteHandler],
  ["POST", /^\/api\/v1\/action-requests\/(?<requestId>[^/]+)\/execution$/, executionRoute as RouteHandler],
  ["GET", /^\/api\/v1\/action-requests\/(?<requestId>[^/]+)\/receipt$/, receiptRoute as RouteHandler],
  ["GET", /^\/\.well-known\/jwks\.json$/, (() => jwksRoute()) as RouteHandler],
];

/** The SDK's fetch, answered by the real route handlers (as Next.js calls them, minus the socket) over the real database. */
/** The agent API behind a real socket on a free port, for a client in another process or over HTTP; stop it with stopServer. */
export async function serveAgentApi(): Promise<{ server: Server; url: string }> {
  const port = await freePort();
  return { server: await serveRoutes(port, AGENT_API_ROUTES), url: `http://127.0.0.1:${port}` };
}

export async function agentApiFetch(input: URL | RequestInfo, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const { pathname } = new URL(request.url);
  for (const [method, pattern, handler] of AGENT_API_ROUTES) {
    const match = pattern.exec(pathname);
    if (match && method === request.method) return handler(request, { params: Promise.resolve({ ...match.groups }) });
  }
  throw new Error(`no route for ${request.method} ${pathname}`);
}

/** The id of the agent's request with this summary, once the SDK (in flight elsewhere) has created it. */
export async function waitForRequestId(db: Database, agentId: string, summary: string): Promise<string> {
  for (;;) {
    const [row] = await db.select({ id: actionRequests.id }).from(actionRequests).where(and(eq(actionRequests.agentId, agentId), eq(actionRequests.summary, summary)));
    if (row) return row.id;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
