import { tracingConfigured } from "@/db/trace-queries";

/**
 * Starts OpenTelemetry tracing when an OTLP exporter is configured; otherwise loads nothing. The Node
 * SDK reads the standard OTEL_* variables (endpoint, headers, protocol, sampler, resource). Only
 * traces: metrics are Prometheus's job (/metrics), and logs go to standard output.
 */
export async function startTracing(): Promise<{ shutdown: () => Promise<void> } | null> {
  if (!tracingConfigured()) return null;
  const { NodeSDK } = await import("@opentelemetry/sdk-node");
  const sdk = new NodeSDK({ serviceName: process.env.OTEL_SERVICE_NAME || "countersign", metricReaders: [], logRecordProcessors: [] });
  sdk.start();
  return sdk;
}
