import { and, eq } from "drizzle-orm";
import { GET as jwksRoute } from "../../app/.well-known/jwks.json/route";
import { POST as createRoute } from "../../app/api/v1/action-requests/route";
import { GET as getRoute } from "../../app/api/v1/action-requests/[requestId]/route";
import { POST as cancelRoute } from "../../app/api/v1/action-requests/[requestId]/cancel/route";
import { POST as executionRoute } from "../../app/api/v1/action-requests/[requestId]/execution/route";
import { GET as receiptRoute } from "../../app/api/v1/action-requests/[requestId]/receipt/route";
import type { Database } from "../../db/client";
import { actionRequests } from "../../db/schema";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROUTES: [RegExp, string, Handler][] = [
  [/^\/api\/v1\/action-requests$/, "POST", createRoute as Handler],
  [/^\/api\/v1\/action-requests\/([^/]+)$/, "GET", getRoute as Handler],
  [/^\/api\/v1\/action-requests\/([^/]+)\/cancel$/, "POST", cancelRoute as Handler],
  [/^\/api\/v1\/action-requests\/([^/]+)\/execution$/, "POST", executionRoute as Handler],
  [/^\/api\/v1\/action-requests\/([^/]+)\/receipt$/, "GET", receiptRoute as Handler],
  [/^\/\.well-known\/jwks\.json$/, "GET", (() => jwksRoute()) as Handler],
];

/** The SDK's fetch, answered by the real route handlers (as Next.js calls them, minus the socket) over the real database. */
export async function agentApiFetch(input: URL | RequestInfo, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const { pathname } = new URL(request.url);
  for (const [pattern, method, handler] of ROUTES) {
    const match = pattern.exec(pathname);
    if (match && method === request.method) return handler(request, { params: Promise.resolve<Record<string, string>>(match[1] ? { requestId: match[1] } : {}) });
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
