import "server-only";
import type { Database } from "@/db/client";
import { presentedCliSessionToken } from "@/lib/services/session-tokens";
import { withAgent } from "./with-agent";
import { withUser } from "./with-user";

export type LogReaderContext = { request: Request; db: Database; requestId: string };

/**
 * Wraps a transparency-log route, which agents and people alike may read: an Authorization header
 * is authenticated as an agent key (a JSON 401 if it is not one), unless it carries a command-line
 * session; anything else as a console session.
 */
export function withLogReader(handler: (ctx: LogReaderContext) => Promise<Response>) {
  const asAgent = withAgent(handler);
  const asUser = withUser(handler);
  return (request: Request, route: { params?: Promise<Record<string, never>> }) => (request.headers.has("authorization") && !presentedCliSessionToken(request) ? asAgent : asUser)(request, route);
}
