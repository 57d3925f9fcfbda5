import { withBenchDatabase } from "./bench-database";
import type { UserActor } from "../../lib/domain/actor";

/**
 * Server time of the auditor's overview with 100,000 requests over 90 days and 1,000,000 events
 * (the issue's scale), through the verb the route calls, for each preset period. Requests, their
 * decisions and the events are seeded with SQL for speed; a share of the events are refused decision
 * attempts, which the overview counts from the log; the control results' read tables are seeded at
 * the scale that log gives, and read with the rest. Prints the median and worst of `samples` runs.
 * Run alone: npx tsx --conditions=react-server -e "import('./scripts/bench/audit-overview.ts').then(m=>m.benchAuditOverview())"
 */
export async function benchAuditOverview({ requests = 100_000, events = 1_000_000, samples = 9, port = 54351 } = {}) {
  return withBenchDatabase("overview", port, async (pg, dir) => {
    const { sql } = await import("drizzle-orm");
    const { createDatabase } = await import("../../db/client");
    const { ensureDefaultPolicy } = await import("../../lib/services/seed-demo");
    const { createAgent } = await import("../../lib/services/create-agent");
    const { newServiceContext } = await import("../../lib/services/service-context");
    const { readAuditOverview } = await import("../../lib/services/read-audit-overview");
    const { presetPeriod, AUDIT_PERIOD_PRESETS } = await import("../../lib/domain/audit/overview");
    const { readControlResults } = await import("../../lib/services/read-control-results");

    const db = createDatabase(pg.url, { max: 4 });
    await ensureDefaultPolicy(db);
    const agent = await createAgent(newServiceContext(db, { kind: "system", id: "cli" }), { name: "bench-agent", ownerEmail: "erin@example.com" });
    const t0 = performance.now();
    // Spread over 90 days; a fifth pending, the rest decided by people 1 to 120 minutes after arrival.
    await db.execute(sql`
      insert into action_requests (id, agent_id, idempotency_key, body_hash, status, action, resource, environment, summary, parameters, payload_digest,
        masking, policy_id, policy_version, required_approvals, approver_groups, policy_evaluation, risk, risk_rank, deciding_groups, created_at, expires_at, decided_at, updated_at)
      select gen_random_uuid(), ${agent.id}, 'bench-' || g, 'h', s.status, 'db.export', 'postgres://prod/customers', (array['production','staging','dev'])[1 + g % 3],
        'Bench request ' || g, '{}'::jsonb, 'd', '{}'::jsonb, p.id, p.version, 1, '["reviewers"]'::jsonb,
        jsonb_build_object('rule', (array['default','production writes','staging reads'])[1 + g % 3], 'outcome', 'require'),
        '{"level":"none","factors":[]}'::jsonb, 0, array['reviewers'], c.created_at, c.created_at + interval '1 hour', case when s.status = 'pending' then null else c.created_at + (1 + g % 120) * interval '1 minute' end, c.created_at
      from generate_series(1, ${requests}) g
      cross join lateral (select now() - (g::float / ${requests}) * interval '90 days' as created_at) c
      cross join lateral (select (array['pending','approved','rejected','executed','expired'])[1 + g % 5] as status) s
      cross join (select id, version from policies order by version desc limit 1) p`);
    await db.execute(sql`
      insert into decisions (id, request_id, decider_kind, decider_id, outcome, decided_at)
      select gen_random_uuid(), r.id, 'user', 'alice@example.com', case when r.status = 'rejected' then 'reject' else 'approve' end, r.decided_at
      from action_requests r where r.status in ('approved', 'rejected', 'executed')`);
    // The log: one event in fifty a refused attempt, the rest ordinary request events.
    await db.execute(sql`
      insert into events (type, stream_type, stream_id, actor, data, correlation_id, occurred_at)
      select case when g % 50 = 0 then 'decision.refused' else 'request.created' end, 'request', gen_random_uuid()::text,
        '{"kind":"user","id":"erin@example.com","auth":"oidc"}'::jsonb,
        case when g % 50 = 0 then '{"outcome":"approve","code":"SEPARATION_OF_DUTIES","reason":"owner"}'::jsonb else '{}'::jsonb end,
        gen_random_uuid()::text, now() - (g::float / ${events}) * interval '90 days'
      from generate_series(1, ${events}) g`);
    // The control results the worker materialises (materialise-control-results.ts), at the scale that
    // log gives: per-day tallies of every test (a tenth of the requests tested the day after they were
    // created), an exception for one request in fifty, a break-glass approval in a hundred, half reviewed.
    await db.execute(sql`
      insert into control_tallies ("check", event_day, created_day, population, exceptions)
      select c."check", d.day + lag.days, d.day, case when lag.days = 0 then 1000 else 110 end, case when lag.days = 0 then 20 else 2 end
      from generate_series(0, 90) g cross join lateral (select (now() - g * interval '1 day')::date as day) d
      cross join (values ('grant-before-execution'), ('independent-approval'), ('grant-within-expiry'), ('approved-digest-executed'), ('break-glass-follow-up'), ('policy-second-administrator'), ('self-approval-refused')) c("check")
      cross join (values (0), (1)) lag(days)`);
    await db.execute(sql`
      insert into control_exceptions ("check", subject, seq, occurred_at, subject_created_at, actor, detail)
      select (array['grant-before-execution','independent-approval','grant-within-expiry','approved-digest-executed','self-approval-refused'])[1 + g % 5], r.id::text, g,
        r.created_at + interval '5 minutes', r.created_at, 'erin@example.com', 'bench exception ' || g
      from (select id, created_at, row_number() over (order by created_at) as g from action_requests) r where r.g % 50 = 0`);
    await db.execute(sql`
      insert into control_break_glass (request_id, seq, approved_at, request_created_at, actor, confirmations, closed_at)
      select r.id::text, r.g, r.created_at + interval '1 minute', r.created_at, 'dan@example.com', (r.g / 100) % 2, case when (r.g / 100) % 2 = 1 then r.created_at + interval '2 hours' end
      from (select id, created_at, row_number() over (order by created_at) as g from action_requests) r where r.g % 100 = 0`);
    await db.execute(sql`analyze`);
    console.log(`\nAudit overview: ${requests.toLocaleString()} requests, ${events.toLocaleString()} events over 90 days (seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

    const carol: UserActor = { kind: "user", id: "carol@example.com", email: "carol@example.com", name: "Carol", groups: ["auditors"], roles: ["auditor"] };
    for (const preset of Object.keys(AUDIT_PERIOD_PRESETS) as (keyof typeof AUDIT_PERIOD_PRESETS)[]) {
      const times: number[] = [];
      for (let i = 0; i < samples; i++) {
        const started = performance.now();
        await readAuditOverview(newServiceContext(db, carol), presetPeriod(preset, new Date()));
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(`  last ${preset.padEnd(3)} median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, worst ${times.at(-1)!.toFixed(0)} ms (target < 300 ms)`);
    }
    // The control results' share of that: their reads alone, over the longest preset.
    const controlTimes: number[] = [];
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      await readControlResults(db, presetPeriod("90d", new Date()));
      controlTimes.push(performance.now() - started);
    }
    controlTimes.sort((a, b) => a - b);
    console.log(`  control results alone, last 90d: median ${controlTimes[Math.floor(controlTimes.length / 2)]!.toFixed(0)} ms, worst ${controlTimes.at(-1)!.toFixed(0)} ms`);
    await db.$client.end();
  });
}
