import { SpanStatusCode, trace } from "@opentelemetry/api";
import { consoleMetrics } from "./metrics";
import { routeTemplate, UNMATCHED } from "./route-template";

/** What Next.js passes a route handler: its dynamic segments, whatever the wrapper names them. */
type RouteContext = { params?: Promise<object> };
type RouteHandler<R extends RouteContext> = (request: Request, route: R) => Promise<Response>;

const tracer = trace.getTracer("countersign");

/**
 * Counts and times a route handler by route template and status, and runs it inside a span (a no-op
 * unless tracing is configured) that carries the request id, so a trace, a log line and the events a
 * request caused join up. The request id is read from the response, where the wrappers always put it.
 */
export function observeRoute<R extends RouteContext>(handler: RouteHandler<R>): RouteHandler<R> {
  return async (request, route) => {
    const started = performance.now();
    const template = await templateOf(request, route).catch(() => UNMATCHED);
    // Next.js's own span for the request, when tracing is on: it gets the request id too.
    const outer = trace.getActiveSpan();
    return tracer.startActiveSpan(`${request.method} ${template}`, { attributes: { "http.request.method": request.method, "http.route": template } }, async (span) => {
      let status = 500;
      try {
        const response = await handler(request, route);
        status = response.status;
        span.setAttribute("http.response.status_code", status);
        const requestId = response.headers.get("x-request-id");
        if (requestId) for (const s of [span, outer]) s?.setAttribute("countersign.request_id", requestId);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        return response;
      } finally {
        span.end();
        const labels = { method: request.method, route: template, status: String(status) };
        const { httpRequests, httpDuration } = consoleMetrics();
        httpRequests.inc(labels);
        httpDuration.observe(labels, (performance.now() - started) / 1000);
      }
    });
  };
}

async function templateOf(request: Request, route: RouteContext | undefined): Promise<string> {
  return routeTemplate(new URL(request.url).pathname, route?.params ? ((await route.params) as Record<string, string | string[] | undefined>) : {});
}
