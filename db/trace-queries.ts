import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type postgres from "postgres";

const tracer = trace.getTracer("countersign-db");

/** Whether an OTLP trace exporter is configured (OTEL_* as the OpenTelemetry specification names them). */
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return Boolean(endpoint) && env.OTEL_SDK_DISABLED !== "true" && env.OTEL_TRACES_EXPORTER !== "none";
}

/**
 * A span per query, child of whatever span is active (the route handler's). Neither postgres.js nor
 * drizzle emits spans, so the client is wrapped: `unsafe` is how drizzle sends every query, on the
 * pool and inside transactions (`begin`, `savepoint` hand out clients that are wrapped the same way).
 * Spans carry the parameterised SQL text, never the parameters, which may hold anything.
 */
export function traceQueries<T extends object>(client: T): T {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property === "unsafe") {
        return (query: string, ...rest: unknown[]) => tracedQuery(value.call(target, query, ...rest) as postgres.PendingQuery<postgres.Row[]>, query);
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const body = args.at(-1) as (client: object) => unknown;
          return value.call(target, ...args.slice(0, -1), (inner: object) => body(traceQueries(inner)));
        };
      }
      return value.bind(target);
    },
  });
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
