import type { tracing } from "@opentelemetry/sdk-node";
import { tracingConfigured } from "@/db/trace-queries";
import { redactQueryValues } from "./redact-url";

/**
 * Starts OpenTelemetry tracing when an OTLP exporter is configured; otherwise loads nothing. The Node
 * SDK reads the standard OTEL_* variables (endpoint, headers, protocol, sampler, resource). Only
 * traces: metrics are Prometheus's job (/metrics), and logs go to standard output.
 */
export async function startTracing(): Promise<{ shutdown: () => Promise<void> } | null> {
  if (!tracingConfigured()) return null;
  const { NodeSDK } = await import("@opentelemetry/sdk-node");
  // The SDK's own reading of OTEL_TRACES_EXPORTER and OTEL_EXPORTER_OTLP_*. Not in its public index,
  // but giving the SDK any span processor of ours replaces that reading, so it is called here.
  const { getSpanProcessorsFromEnv } = await import("@opentelemetry/sdk-node/build/src/utils.js");
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME || "countersign",
    spanProcessors: [redactUrlQueries, ...getSpanProcessorsFromEnv(undefined)],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return sdk;
}

/** Attributes that hold a request's URL; Next.js sets `http.target` to the raw URL, query and all. */
const URL_ATTRIBUTES = ["http.target", "http.url", "url.full"];

/**
 * Strips query values from URL attributes as each span starts, before any exporter can read them:
 * the OpenID Connect callback's query holds an authorization code. Exporters batch ended spans, so
 * the order of processors does not matter.
 */
const redactUrlQueries: tracing.SpanProcessor = {
  onStart(span) {
    const attributes = (span as unknown as tracing.ReadableSpan).attributes;
    for (const key of URL_ATTRIBUTES) {
      const value = attributes[key];
      if (typeof value === "string") span.setAttribute(key, redactQueryValues(value));
    }
    const query = attributes["url.query"];
    if (typeof query === "string") span.setAttribute("url.query", redactQueryValues(`?${query}`).slice(1));
  },
  onEnd() {},
  forceFlush: async () => {},
  shutdown: async () => {},
};
