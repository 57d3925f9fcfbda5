import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type postgres from "postgres";
import { wrapUnsafe } from "./wrap-unsafe";

const tracer = trace.getTracer("countersign-db");

/** Whether an OTLP trace exporter is configured (OTEL_* as the OpenTelemetry specification names them). */
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return Boolean(endpoint) && env.OTEL_SDK_DISABLED !== "true" && env.OTEL_TRACES_EXPORTER !== "none";
}

/**
 * A span per query, child of whatever span is active (the route handler's). Neither postgres.js nor
 * drizzle emits spans, so the client's `unsafe` is wrapped (see wrapUnsafe). Spans carry the
 * parameterised SQL text, never the parameters, which may hold anything.
 */
export function traceQueries<T extends object>(client: T): T {
  return wrapUnsafe(client, (unsafe, query, ...rest) => tracedQuery(unsafe(query, ...rest) as postgres.PendingQuery<postgres.Row[]>, query));
}

/**
 * postgres.js queries are lazy promises: they run when first awaited, and `.values()` (which drizzle
 * calls before awaiting) switches the row format and returns the query itself. The proxy keeps both
 * behaviours and ends the span when the query settles.
 */
function tracedQuery<Q extends postgres.PendingQuery<postgres.Row[]>>(query: Q, text: string): Q {
  const span = tracer.startSpan(operationName(text), {
    kind: SpanKind.CLIENT,
    attributes: { "db.system.name": "postgresql", "db.query.text": text.slice(0, 2000) },
  });
  const proxy: Q = new Proxy(query, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property === "then") {
        return (onFulfilled?: (rows: unknown) => unknown, onRejected?: (error: unknown) => unknown) =>
          target
            .then(
              (rows) => {
                span.end();
                return rows;
              },
              (error: unknown) => {
                span.setStatus({ code: SpanStatusCode.ERROR });
                span.end();
                throw error;
              },
            )
            .then(onFulfilled, onRejected);
      }
      if (typeof value !== "function") return value;
      if (property === "values" || property === "raw") {
        return (...args: unknown[]) => {
          value.apply(target, args);
          return proxy;
        };
      }
      return value.bind(target);
    },
  });
  return proxy;
}

/** `SELECT`, `INSERT`, …: the span name, from the statement's first word. */
function operationName(text: string): string {
  return /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? "QUERY";
}
