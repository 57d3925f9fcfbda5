import { NextRequest } from "next/server";
import { getConfig } from "@/lib/config";
import { runWithRequestId } from "@/lib/logging/request-context";
import { errorToProblem, problemResponse } from "./problem";
import { requestIdFor } from "./request-id";

type AuthHandler = (request: NextRequest) => Promise<Response>;

/**
 * Auth.js's routes as the rest of /api/ answers: its redirects and JSON as they are, but its errors
 * (a JSON string such as "Bad request.") as problem+json. A callbackUrl outside the console is
 * dropped before Auth.js sees it: Auth.js answers one it cannot parse (`http://localhost:3000.evil.example/x`)
 * with "server configuration problem", while without it the person simply lands on the console.
 * Whatever Auth.js logs while serving it carries the request id, as on every other route.
 */
export function authRoute(handler: AuthHandler): AuthHandler {
  return async (request) => {
    const requestId = requestIdFor(request);
    return runWithRequestId(requestId, () => answer(handler, request, requestId));
  };
}

async function answer(handler: AuthHandler, request: NextRequest, requestId: string): Promise<Response> {
  try {
    const response = await handler(withoutForeignCallbackUrl(asGet(request)));
    if (response.status < 400 || response.headers.get("content-type") === "application/problem+json") return response;
    if (response.status >= 500) return problemResponse("INTERNAL", "Sign-in failed on our side. Quote the request id if you report it.", requestId);
    return problemResponse(response.status === 404 ? "NOT_FOUND" : "VALIDATION", "This is not a sign-in request the console serves.", requestId);
  } catch (error) {
    return errorToProblem(error, requestId);
  }
}

/** Next.js hands HEAD to the GET handler; Auth.js knows only GET and POST, and logs anything else as an error. */
function asGet(request: NextRequest): NextRequest {
  return request.method === "HEAD" ? new NextRequest(request.nextUrl, { method: "GET", headers: request.headers }) : request;
}

function withoutForeignCallbackUrl(request: NextRequest): NextRequest {
  const callbackUrl = request.nextUrl.searchParams.get("callbackUrl");
  if (callbackUrl === null || isConsoleUrl(callbackUrl)) return request;
  const url = request.nextUrl.clone();
  url.searchParams.delete("callbackUrl");
  return new NextRequest(url, request);
}

/** Resolved against the console's own URL, so `/queue` is ours and `//evil.example` or `/\evil.example` is not. */
export function isConsoleUrl(value: string): boolean {
  const own = new URL(getConfig().appUrl);
  try {
    return new URL(value, own).origin === own.origin;
  } catch {
    return false;
  }
}
