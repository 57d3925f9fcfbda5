import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import { databaseMetrics } from "./database-metrics";

/**
 * The console's Prometheus registry: one per process, kept on globalThis because Next.js may load this
 * module once per route bundle and every bundle must count into the same series.
 */
export type ConsoleMetrics = ReturnType<typeof createMetrics>;

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ["method", "route", "status"] as const;
  return {
    registry,
    httpRequests: new Counter({
      name: "countersign_http_requests_total",
      help: "HTTP requests served by the API and console routes, by route template and status.",
      labelNames,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "countersign_http_request_duration_seconds",
      help: "Time to answer, by route template and status (a long-poll counts its wait).",
      labelNames,
      buckets: HTTP_BUCKETS,
      registers: [registry],
    }),
    database: databaseMetrics(registry),
  };
}

const globalForMetrics = globalThis as unknown as { countersignMetrics?: ConsoleMetrics };

export function consoleMetrics(): ConsoleMetrics {
  globalForMetrics.countersignMetrics ??= createMetrics();
  return globalForMetrics.countersignMetrics;
}
