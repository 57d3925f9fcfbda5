import { NextResponse, type NextRequest } from "next/server";
import { problemResponse } from "@/lib/http/problem";
import { requestIdFor } from "@/lib/http/request-id";

const HSTS = "max-age=63072000; includeSubDomains";

/**
 * Runs before every page and every API route. For all of them: a path whose percent-encoding does
 * not decode (`%ff`, `%c0%af`, a lone `%`) is a 400 here, because Next.js would otherwise answer it
 * with a bare 500; and HSTS behind TLS. For pages: a strict Content-Security-Policy with a
 * per-request script nonce that Next.js applies to its own scripts (`form-action` must admit the
 * identity provider, because Chromium applies it to the redirect that follows the sign-in form), and
 * an X-Request-Id (the caller's, if sane), as API responses have, for the log lines written while
 * rendering the page.
 */
export function proxy(request: NextRequest) {
  const appUrl = process.env.APP_URL ?? request.nextUrl.origin;
  const secure = appUrl.startsWith("https://");
  const { pathname } = request.nextUrl;
  const api = pathname === "/api" || pathname.startsWith("/api/") || pathname.startsWith("/.well-known/");

  let response: Response;
  if (!decodes(pathname)) response = malformedPath(request, api);
  else if (api) response = NextResponse.next();
  else response = withContentSecurityPolicy(request, secure);
  if (secure) response.headers.set("strict-transport-security", HSTS);
  return response;
}

function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function malformedPath(request: NextRequest, api: boolean): Response {
  const detail = "The path is not valid percent-encoded UTF-8.";
  if (api) return problemResponse("VALIDATION", detail, requestIdFor(request));
  return new NextResponse(detail, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
}

function withContentSecurityPolicy(request: NextRequest, secure: boolean): NextResponse {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const idpOrigin = process.env.OIDC_ISSUER ? new URL(process.env.OIDC_ISSUER).origin : "";
  const dev = process.env.NODE_ENV === "development";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (React `style`) cannot carry a nonce; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${idpOrigin}`.trim(),
    "frame-ancestors 'none'",
    ...(secure ? ["upgrade-insecure-requests"] : []),
  ].join("; ");

  const requestId = requestIdFor(request);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-request-id", requestId);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  response.headers.set("x-request-id", requestId);
  return response;
}

export const config = {
  matcher: [
    // The API and the well-known keys, every request: HSTS and the path check.
    "/api",
    "/api/:path*",
    "/.well-known/:path*",
    {
      source: "/((?!api|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
