import { randomUUID } from "node:crypto";
import { withBenchDatabase } from "./bench-database";

/**
 * Server time of the queue's queries (a page, and the tab and risk counts) with 100,000 requests,
 * per tab and filter, as alice (a reviewer) sees it. One real request is submitted as a template; the
 * rest are copies seeded with SQL (varied agents, actions, environments, statuses, risk, stages, ages,
 * and approvals on some). Target: under 150 ms each.
 * Run: npx tsx --conditions=react-server -e "import('./scripts/bench/queue.ts').then(m=>m.benchQueue())"
 */
export async function benchQueue({ requests = 100_000, samples = 15 } = {}) {
  return withBenchDatabase("queue", 54351, async (pg, dir) => {
    const { sql } = await import("drizzle-orm");
    const { createDatabase } = await import("../../db/client");
    const { ensureDefaultPolicy } = await import("../../lib/services/seed-demo");
    const { createAgent } = await import("../../lib/services/create-agent");
    const { submitActionRequest } = await import("../../lib/services/submit-action-request");
    const { newServiceContext } = await import("../../lib/services/service-context");
    const { listQueue } = await import("../../lib/services/list-queue");
    const { countQueue } = await import("../../lib/services/count-queue");
    const { rolesFromGroups } = await import("../../lib/domain/roles");

    const db = createDatabase(pg.url, { max: 4 });
    await ensureDefaultPolicy(db);
    const agentIds: string[] = [];
    for (let i = 0; i < 20; i++) {
      const created = await createAgent(newServiceContext(db, { kind: "system", id: "cli" }), { name: `bench-agent-${i}`, ownerEmail: i % 5 === 0 ? "alice@example.com" : "erin@example.com" });
      agentIds.push(created.id);
    }
    const template = await submitActionRequest(
      newServiceContext(db, { kind: "agent", id: agentIds[1]!, name: "bench-agent-1", ownerEmail: "erin@example.com" }),
      { action: "db.export", resource: "postgres://prod-db/customers", environment: "production", summary: "Queue bench template", reasoning: "Measures the queue.", parameters: {} },
      randomUUID(),
    );
    const seedStart = performance.now();
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into action_requests (id, agent_id, idempotency_key, body_hash, status, action, resource, environment, summary, reasoning, parameters, context, change,
          on_behalf_of, payload_digest, masking, policy_id, policy_version, required_approvals, approver_groups, policy_evaluation, break_glass,
          risk, risk_rank, deciding_groups, created_at, expires_at, decided_at, updated_at)
        select gen_random_uuid(), (${sql.raw(`array[${agentIds.map((id) => `'${id}'::uuid`).join(",")}]`)})[1 + g % 20], 'bench-' || g, t.body_hash,
          s.status,
          (array['db.export','db.read','iam.put-policy','s3.delete_object','k8s.apply','terraform.apply','github.grant-admin','db.drop_table'])[1 + g % 8],
          'arn:aws:service-' || (g % 500) || ':::resource/' || g,
          (array['production','staging','dev','prod-eu'])[1 + g % 4],
          (array['Export churned customers','Rotate replica credentials','Grant deploy access','Delete stale buckets','Apply the ingress change'])[1 + g % 5] || ' batch ' || g,
          t.reasoning, t.parameters, t.context, t.change,
          case when g % 50 = 0 then 'alice@example.com' end, t.payload_digest, t.masking, t.policy_id, t.policy_version, t.required_approvals, t.approver_groups,
          jsonb_set(t.policy_evaluation, '{rule}', to_jsonb((array['default','IAM in production','staging reads','no drops'])[1 + g % 4])), null,
          '{"level":"none","factors":[]}'::jsonb, g % 4,
          case when s.status = 'pending' then (case when g % 7 = 0 then array['security'] else array['reviewers'] end) else '{}'::text[] end,
          now() - (g || ' seconds')::interval * 30, now() - (g || ' seconds')::interval * 30 + interval '30 days',
          case when s.status <> 'pending' then now() end, now()
        from generate_series(1, ${requests - 1}) g
        cross join lateral (select (array['pending','pending','approved','rejected','expired','cancelled','executed','pending','pending','pending'])[1 + g % 10] as status) s
        cross join (select * from action_requests where id = ${template.view.id}) t
      `);
      // Approvals on a tenth of the requests, alice's among them: the "I approved" tab and the decided-by-me check.
      await tx.execute(sql`
        insert into decisions (id, request_id, decider_kind, decider_id, decider_name, outcome, reason, decided_at)
        select gen_random_uuid(), id, 'user', case when random() < 0.5 then 'alice@example.com' else 'bob@example.com' end, null, 'approve', null, now()
        from action_requests tablesample bernoulli (10)
      `);
    });
    // What autovacuum does after so many inserts: statistics for the planner, and the visibility map
    // that lets a count read an index alone.
    await db.$client.unsafe("vacuum analyze action_requests, decisions, agents");
    const seedMs = performance.now() - seedStart;

    const alice = { kind: "user" as const, id: "alice@example.com", email: "alice@example.com", name: "alice", groups: ["reviewers"], roles: rolesFromGroups(["reviewers"], { reviewer: ["reviewers"], auditor: ["auditors"], admin: ["admins"] }) };
    const cases: [string, Parameters<typeof listQueue>[2]][] = [
      ["waiting for me (urgency)", { filter: "waiting" }],
      ["pending (urgency)", { filter: "pending" }],
      ["all (newest)", { filter: "all" }],
      ["decided (newest)", { filter: "decided" }],
      ["I approved", { filter: "approved-by-me" }],
      ["all, search 'churned'", { filter: "all", search: { q: "churned" } }],
      ["all, search 'batch 4242' (rare)", { filter: "all", search: { q: "batch 4242" } }],
      ["all, search by agent name 'bench-agent-7'", { filter: "all", search: { q: "bench-agent-7" } }],
      ["pending, risk high, sort risk", { filter: "pending", search: { risk: "high" }, sort: "risk" }],
      ["all, sort risk", { filter: "all", sort: "risk" }],
      ["all, environment staging, action db.read", { filter: "all", search: { environment: "staging", action: "db.read" } }],
      ["all, agent bench-agent-3, status approved", { filter: "all", search: { agent: "bench-agent-3", status: "approved" } }],
      ["all, rule 'no drops'", { filter: "all", search: { rule: "no drops" } }],
      ["all, resource 'service-42:'", { filter: "all", search: { resource: "service-42:" } }],
      ["pending, last 24 hours, oldest first", { filter: "pending", search: { age: "24h" }, sort: "oldest" }],
    ];
    console.log(
      `\nQueue, ${requests.toLocaleString("en-US")} requests (seeded in ${(seedMs / 1000).toFixed(1)} s), as a reviewer, median (worst) of ${samples}: the first page of 50 with its total, the next page, and the tab and risk counts polled beside it (target < 150 ms)`,
    );
    for (const [label, options] of cases) {
      const page = await listQueue(db, alice, options); // also the warm-up
      const first = await sample(samples, () => listQueue(db, alice, options));
      const next = page.next ? await sample(samples, () => listQueue(db, alice, { ...options, after: page.next! })) : null;
      const counts = await sample(samples, () => countQueue(db, alice, { filter: options?.filter, search: options?.search }));
      console.log(`  ${label.padEnd(44)} first ${first}, next ${next ?? "     -         "}, counts ${counts}; ${String(page.total).padStart(6)} matching`);
    }
    await db.$client.end();
  });
}

/** Median and worst of `n` runs, in milliseconds, as fixed-width text. */
async function sample(n: number, run: () => Promise<unknown>): Promise<string> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return `${times[Math.floor(n / 2)]!.toFixed(1).padStart(6)} (${times.at(-1)!.toFixed(0).padStart(4)}) ms`;
}
