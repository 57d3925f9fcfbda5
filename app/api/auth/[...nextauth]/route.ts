import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { requestIdFor } from "@/lib/http/request-id";
import { runWithRequestId } from "@/lib/logging/request-context";

/** Auth.js's own endpoints, under a request id like every other route, for the lines it logs while serving them. */
const withRequestContext = (handler: (request: NextRequest) => Promise<Response>) => (request: NextRequest) => runWithRequestId(requestIdFor(request), () => handler(request));

export const GET = withRequestContext(handlers.GET);
export const POST = withRequestContext(handlers.POST);
