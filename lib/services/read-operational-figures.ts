import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { oneRow } from "@/db/one-row";
import { readSealLag, type SealLag } from "./read-seal-lag";

/** Upper bounds (seconds) of the decision latency histogram: from seconds to a day, where reviews live. */
export const DECISION_LATENCY_BUCKETS = [10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 28800, 86400];

export type LatencyHistogram = { outcome: "approved" | "rejected"; count: number; sum: number; buckets: number[] };

export type OperationalFigures = {
  pendingRequests: number;
  seal: SealLag;
  /** Created → decided, for requests that people decided (a policy that decides at once is not a wait). */
  decisionLatency: LatencyHistogram[];
  /** Values masked since the log began, by kind, from the masking record every event that masked keeps. */
  maskedValues: Record<string, number>;
  /** Seconds since the latest checkpoint (or heartbeat) was signed; null before the first. */
  checkpointAgeSeconds: number | null;
  /** Each checkpoint webhook sink: when it last took a checkpoint, and how many it was given up on. */
  checkpointWebhooks: { sink: string; deliveredAt: Date | null; failures: number }[];
};

/**
 * The figures that live in PostgreSQL, read whenever they are asked for, so every console replica and
 * the worker's work report the same truth. Read-only; the queries read one snapshot each.
 */
export async function readOperationalFigures(db: Executor, now: Date): Promise<OperationalFigures> {
  const [pending, seal, latency, masked, checkpoint, webhooks] = await Promise.all([
    db.execute<{ count: number }>(sql`select count(*)::int as count from action_requests where status = 'pending'`).then(oneRow),
    readSealLag(db, now),
    db.execute<{ outcome: "approved" | "rejected"; count: number; sum: number; buckets: number[] }>(sql`
      with latency as (
        select case when r.status = 'rejected' then 'rejected' else 'approved' end as outcome,
               extract(epoch from r.decided_at - r.created_at)::float8 as seconds
        from action_requests r
        where r.status in ('approved', 'rejected', 'executed', 'failed')
          and not exists (select 1 from decisions d where d.request_id = r.id and d.decider_kind = 'policy')
      )
      select outcome, count(*)::int as count, coalesce(sum(seconds), 0)::float8 as sum,
             array[${sql.join(
               DECISION_LATENCY_BUCKETS.map((le) => sql`count(*) filter (where seconds <= ${le}::float8)::int`),
               sql`, `,
             )}] as buckets
      from latency group by outcome order by outcome`),
    db.execute<{ kind: string; count: string }>(sql`
      select c.key as kind, sum(c.value::bigint)::text as count
      from events e, jsonb_each_text(e.data -> 'masking' -> 'counts') c
      where e.data ? 'masking'
      group by c.key order by c.key`),
    db.execute<{ at: Date | string | null }>(sql`select max(published_at) as at from log_checkpoints`).then(oneRow),
    db.execute<{ sink: string; delivered_at: Date | string | null; failures: string }>(sql`select sink, delivered_at, failures::text from checkpoint_webhook_status order by sink`),
  ]);
  return {
    pendingRequests: pending.count,
    seal,
    decisionLatency: [...latency],
    maskedValues: Object.fromEntries(masked.map((row) => [row.kind, Number(row.count)])),
    checkpointAgeSeconds: checkpoint.at ? Math.max(0, (now.getTime() - new Date(checkpoint.at).getTime()) / 1000) : null,
    checkpointWebhooks: webhooks.map((row) => ({ sink: row.sink, deliveredAt: row.delivered_at ? new Date(row.delivered_at) : null, failures: Number(row.failures) })),
  };
}
