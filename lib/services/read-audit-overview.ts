import "server-only";
import { sql } from "drizzle-orm";
import type { UserActor } from "@/lib/domain/actor";
import { AUDIT_PERIOD_MAX_DAYS, DECISION_TIME_BUCKETS, type AuditOverview, type AuditPeriod } from "@/lib/domain/audit/overview";
import { ServiceError } from "./errors";
import { readControlResults } from "./read-control-results";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

type Row = Record<string, unknown>;

/**
 * The figures an auditor's overview opens on, for requests created in a period: outcomes per day, the
 * time people took to decide, outcomes by the policy rule that matched and by environment, break-glass
 * approvals and refused decision attempts. Read from the read models (and the event log's type and
 * time indexes for refusals), one aggregate per figure, sent together: it costs a few index range scans
 * over the period, never a walk of the log.
 */
export async function readAuditOverview(ctx: ServiceContext<UserActor>, period: AuditPeriod): Promise<AuditOverview> {
  const { db, actor } = ctx;
  requireCapability(actor, "readAuditLog");
  const { from, to } = period;
  if (!(from < to)) throw new ServiceError("VALIDATION", "The period is not valid.", [{ path: "to", message: "The period must end after it starts." }]);
  if (to.getTime() - from.getTime() > AUDIT_PERIOD_MAX_DAYS * 86_400_000) {
    throw new ServiceError("VALIDATION", "The period is not valid.", [{ path: "from", message: `A period spans at most ${AUDIT_PERIOD_MAX_DAYS} days.` }]);
  }
  // As text: postgres.js binds a Date only where drizzle knows the column, not in a raw fragment.
  const [start, end] = [sql`${from.toISOString()}::timestamptz`, sql`${to.toISOString()}::timestamptz`];
  const inPeriod = sql`r.created_at >= ${start} and r.created_at < ${end}`;
  // The seconds between a request's arrival and its decision, for requests a person decided.
  const decidedByPeople = sql`r.decided_at is not null and r.status in ('approved', 'rejected', 'executed', 'failed')
    and exists (select 1 from decisions d where d.request_id = r.id and d.decider_kind = 'user')`;
  const bucketCounts = sql.join(
    DECISION_TIME_BUCKETS.map(({ upToSeconds }, i) => {
      const lower = DECISION_TIME_BUCKETS[i - 1]?.upToSeconds ?? null;
      const seconds = sql`extract(epoch from r.decided_at - r.created_at)`;
      const inBucket = sql.join([lower === null ? sql`true` : sql`${seconds} >= ${lower}`, upToSeconds === null ? sql`true` : sql`${seconds} < ${upToSeconds}`], sql` and `);
      return sql`count(*) filter (where ${inBucket})::int as ${sql.raw(`b${i}`)}`;
    }),
    sql`, `,
  );

  // Three scans of the period's requests in all: outcomes by day, rule and environment in one
  // (grouping sets); decision times with their histogram in one; break-glass in one.
  const [breakdowns, timing, breakGlass, refusals, executions, controls] = await Promise.all([
    db.execute<Row>(sql`
      select grouping(r.environment) = 0 as by_environment, grouping(r.policy_evaluation->>'rule') = 0 as by_rule,
        coalesce(to_char(date_trunc('day', r.created_at at time zone 'UTC'), 'YYYY-MM-DD'), r.policy_evaluation->>'rule', r.environment) as key,
        r.status, count(*)::int as n
      from action_requests r where ${inPeriod}
      group by grouping sets ((date_trunc('day', r.created_at at time zone 'UTC'), r.status), (r.policy_evaluation->>'rule', r.status), (r.environment, r.status))
      order by 3`),
    db.execute<Row>(sql`
      select count(*)::int as n,
        percentile_cont(0.5) within group (order by extract(epoch from r.decided_at - r.created_at)) as p50,
        percentile_cont(0.9) within group (order by extract(epoch from r.decided_at - r.created_at)) as p90,
        ${bucketCounts}
      from action_requests r where ${inPeriod} and ${decidedByPeople}`),
    db.execute<Row>(sql`
      select count(*)::int as n, count(*) filter (where r.break_glass->>'followUp' = 'open')::int as open
      from action_requests r where ${inPeriod} and r.break_glass is not null`),
    db.execute<Row>(sql`
      select e.data->>'code' as code, count(*)::int as n
      from events e where e.type = 'decision.refused' and e.occurred_at >= ${start} and e.occurred_at < ${end} group by 1 order by 2 desc`),
    db.execute<Row>(sql`
      select g.execution_outcome as outcome, count(*)::int as n
      from grants g join action_requests r on r.id = g.request_id where ${inPeriod} and g.execution_outcome is not null group by 1`),
    readControlResults(db, period),
  ]);

  const byRule = breakdowns.filter((row) => row.by_rule);
  const byEnvironment = breakdowns.filter((row) => row.by_environment);
  const byDay = breakdowns.filter((row) => !row.by_rule && !row.by_environment);
  const days = groupByStatus(byDay, "key");
  const [timingRow] = timing;
  const [breakGlassRow] = breakGlass;
  return {
    period: { from: from.toISOString(), to: to.toISOString() },
    totals: sumStatuses(days.map(({ counts }) => counts)),
    days,
    byRule: groupByStatus(byRule, "key").sort(byTotalDescending),
    byEnvironment: groupByStatus(byEnvironment, "key").sort(byTotalDescending),
    decisionTime: {
      decided: Number(timingRow?.n ?? 0),
      p50Seconds: nullableNumber(timingRow?.p50),
      p90Seconds: nullableNumber(timingRow?.p90),
      buckets: DECISION_TIME_BUCKETS.map(({ label }, i) => ({ label, count: Number(timingRow?.[`b${i}`] ?? 0) })),
    },
    breakGlass: { approvals: Number(breakGlassRow?.n ?? 0), openFollowUps: Number(breakGlassRow?.open ?? 0) },
    refusedAttempts: refusals.map((row) => ({ code: String(row.code), count: Number(row.n) })),
    executions: { succeeded: countOf(executions, "succeeded"), failed: countOf(executions, "failed") },
    controls,
  };
}

type StatusCounts = AuditOverview["totals"];

const EMPTY_COUNTS = (): StatusCounts => ({ pending: 0, approved: 0, rejected: 0, expired: 0, cancelled: 0, executed: 0, failed: 0 });

function groupByStatus(rows: Row[], keyColumn: string): { key: string; counts: StatusCounts; total: number }[] {
  const groups = new Map<string, StatusCounts>();
  for (const row of rows) {
    const key = String(row[keyColumn]);
    const counts = groups.get(key) ?? EMPTY_COUNTS();
    counts[row.status as keyof StatusCounts] += Number(row.n);
    groups.set(key, counts);
  }
  return [...groups].map(([key, counts]) => ({ key, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) }));
}

function sumStatuses(all: StatusCounts[]): StatusCounts {
  const sum = EMPTY_COUNTS();
  for (const counts of all) for (const status of Object.keys(sum) as (keyof StatusCounts)[]) sum[status] += counts[status];
  return sum;
}

const byTotalDescending = (a: { total: number; key: string }, b: { total: number; key: string }) => b.total - a.total || a.key.localeCompare(b.key);
const nullableNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const countOf = (rows: Row[], outcome: string) => Number(rows.find((row) => row.outcome === outcome)?.n ?? 0);
