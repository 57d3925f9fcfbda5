import type { Instrumentation } from "next";

/**
 * Next.js calls `register` once per server process before the first request: from then on every
 * `console` line there (Next.js's own, React's, any library's) is a structured, sanitised record,
 * and tracing runs when an OTLP exporter is configured.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { routeConsoleToLogger } = await import("./lib/logging/console-to-logger");
  routeConsoleToLogger("console");
  await (await import("./lib/observability/tracing")).startTracing();
}

/** A request that failed inside Next.js (a page render, a route, a server action), under the request id the proxy or the route gave it. */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ log }, { saneRequestId }] = await Promise.all([import("./lib/logging/logger"), import("./lib/http/request-id")]);
  const header = request.headers["x-request-id"];
  log.error("Request failed", {
    source: "next",
    requestId: saneRequestId(typeof header === "string" ? header : undefined),
    method: request.method,
    route: context.routePath,
    routeType: context.routeType,
    error,
  });
};
