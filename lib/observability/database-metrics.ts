import { Gauge, type Metric, type Registry } from "prom-client";
import { DECISION_LATENCY_BUCKETS, type OperationalFigures } from "@/lib/services/read-operational-figures";

/**
 * Series whose truth lives in PostgreSQL. The scrape reads the figures once and hands them here
 * (`show`); each series then reports them. They are the same on every replica: aggregate them with
 * max(), not sum(). prom-client's Counter and Histogram only count what this process observed, so the
 * two cumulative series read from the database are plain metric objects in its exposition shape.
 */
export function databaseMetrics(registry: Registry) {
  let figures: OperationalFigures | null = null;
  const gauge = (name: string, help: string, read: (f: OperationalFigures) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        if (figures) this.set(read(figures));
      },
    });
  new Gauge({
    name: "countersign_database_up",
    help: "1 when this scrape could read the figures kept in PostgreSQL, else 0 (and those series are absent).",
    registers: [registry],
    collect() {
      this.set(figures ? 1 : 0);
    },
  });
  gauge("countersign_pending_requests", "Action requests waiting for a decision.", (f) => f.pendingRequests);
  gauge("countersign_seal_queue_length", "Events written but not yet chained by the sealer.", (f) => f.seal.queueLength);
  gauge("countersign_seal_lag_seconds", "Age of the oldest event not yet chained (0 when the sealer has caught up).", (f) => f.seal.oldestUnsealedSeconds);

  const latency = "countersign_decision_latency_seconds";
  register(registry, latency, "histogram", "Time from a request's creation to the decision that settled it, for requests people decided.", () =>
    (figures?.decisionLatency ?? []).flatMap(({ outcome, count, sum, buckets }): Sample[] => [
      ...DECISION_LATENCY_BUCKETS.map((le, i) => ({ metricName: `${latency}_bucket`, labels: { outcome, le }, value: buckets[i] ?? 0 })),
      { metricName: `${latency}_bucket`, labels: { outcome, le: "+Inf" }, value: count },
      { metricName: `${latency}_sum`, labels: { outcome }, value: sum },
      { metricName: `${latency}_count`, labels: { outcome }, value: count },
    ]),
  );
  register(registry, "countersign_checkpoint_age_seconds", "gauge", "Seconds since the latest checkpoint or heartbeat was signed (absent before the first).", () =>
    figures?.checkpointAgeSeconds == null ? [] : [{ labels: {}, value: figures.checkpointAgeSeconds }],
  );
  register(registry, "countersign_checkpoint_webhook_last_delivery_timestamp_seconds", "gauge", "When each checkpoint webhook sink last took a checkpoint (Unix time; 0 if never).", () =>
    (figures?.checkpointWebhooks ?? []).map(({ sink, deliveredAt }) => ({ labels: { sink }, value: deliveredAt ? deliveredAt.getTime() / 1000 : 0 })),
  );
  register(registry, "countersign_checkpoint_webhook_failures_total", "counter", "Checkpoints a webhook sink was given up on after every retry.", () =>
    (figures?.checkpointWebhooks ?? []).map(({ sink, failures }) => ({ labels: { sink }, value: failures })),
  );
  register(registry, "countersign_masked_values_total", "counter", "Secrets and personal data masked before storage, by kind, since the log began.", () =>
    Object.entries(figures?.maskedValues ?? {}).map(([kind, value]) => ({ labels: { kind }, value })),
  );

  return {
    /** The figures the next exposition reports; null when the database could not be read. */
    show(next: OperationalFigures | null) {
      figures = next;
    },
  };
}

type Sample = { metricName?: string; labels: Record<string, string | number>; value: number };

/** The registry reads only a metric's name, help, type and get(); one built here has exactly those. */
function register(registry: Registry, name: string, type: "histogram" | "counter" | "gauge", help: string, samples: () => Sample[]) {
  const metric = { name, help, type, aggregator: "max", get: async () => ({ name, help, type, aggregator: "max", values: samples() }) };
  registry.registerMetric(metric as unknown as Metric);
}
