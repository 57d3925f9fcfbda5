import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { chainHash, eventHash, GENESIS_HASH, hashedEventJson, type HashableEvent } from "../../lib/domain/event-chain";
import { leafHash } from "../../lib/domain/merkle/tree-hash";

const AGENT_ID = "00000000-0000-4000-8000-00000000a9e1";
const BATCH = 20_000;

/**
 * `requests` × 5 events written with generate_series (owner connection, triggers as a restore would
 * run them), then chained and leaved batch by batch exactly as the sealer would, COPY'd into
 * event_chain and log_leaves. Returns the number of events.
 */
export async function seedPackEvents(url: string, requests: number): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`insert into agents (id, name, owner_email, created_at) values (${AGENT_ID}, 'bench-agent', 'erin@example.com', now() - interval '400 days')`;
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`
        insert into events (type, stream_type, stream_id, actor, data, correlation_id, occurred_at)
        select t.type, 'request', md5('req' || r)::uuid::text, t.actor, t.data, md5('corr' || r)::uuid::text,
               timestamptz '2026-01-01' + r * interval '90 seconds' + k * interval '5 seconds'
        from generate_series(1, ${requests}::int) r
        cross join generate_series(1, 5) k
        cross join lateral (select
          'sha256:' || encode(sha256(('payload' || r)::bytea), 'hex') as digest,
          md5('grant' || r)::uuid::text as grant_id,
          to_char((timestamptz '2026-01-01' + r * interval '90 seconds' + (case when r % 997 = 0 then interval '10 seconds' else interval '1 hour' end)) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as expires_at
        ) f
        cross join lateral (select
          case k when 1 then 'request.created' when 2 then 'policy.evaluated' when 3 then 'decision.approved' when 4 then 'grant.issued' else 'execution.reported' end as type,
          case k when 1 then jsonb_build_object('kind', 'agent', 'id', ${AGENT_ID}::text, 'auth', 'api-key')
                 when 3 then jsonb_build_object('kind', 'user', 'id', 'alice@example.com', 'auth', 'oidc-session', 'groups', jsonb_build_array('reviewers'),
                                                'authentication', jsonb_build_object('time', '2026-01-01T00:00:00.000Z', 'methods', jsonb_build_array('pwd'), 'contextClass', null))
                 when 5 then jsonb_build_object('kind', 'agent', 'id', ${AGENT_ID}::text, 'auth', 'api-key')
                 else jsonb_build_object('kind', 'system', 'id', 'policy', 'auth', 'internal') end as actor,
          case k
            when 1 then jsonb_build_object('agentId', ${AGENT_ID}::text, 'action', 'db.export', 'resource', 'postgres://prod-db/customers', 'environment', case when r % 3 = 0 then 'staging' else 'production' end,
                          'summary', 'Export customers who churned, batch ' || r, 'reasoning', 'The analyst asked for a churn list; the export is read-only.',
                          'parameters', jsonb_build_object('sql', 'COPY (SELECT id, email FROM customers WHERE churned_at > now() - interval ''30 days'' AND batch = ' || r || ') TO STDOUT'),
                          'context', jsonb_build_object('ticket', 'OPS-' || r), 'change', null, 'onBehalfOf', null, 'payloadDigest', f.digest,
                          'masking', jsonb_build_object('counts', jsonb_build_object('email', r % 2), 'engineVersion', '1.2.0'))
            when 2 then jsonb_build_object('policyId', 'default', 'policyVersion', 1, 'outcome', 'pending', 'requiredApprovals', 1, 'approverGroups', jsonb_build_array('reviewers'),
                          'expiresAt', f.expires_at, 'explanation', 'default: one reviewer')
            when 3 then jsonb_build_object('reason', 'Read-only export, ticket checked.', 'approvals', 1, 'requiredApprovals', 1, 'decisionId', md5('dec' || r)::uuid::text, 'deciderName', 'Alice')
            when 4 then jsonb_build_object('grantId', f.grant_id, 'kid', 'bench', 'payloadDigest', f.digest, 'approvers', jsonb_build_array('alice@example.com'), 'expiresAt', f.expires_at)
            else jsonb_build_object('outcome', 'succeeded', 'detail', 'exported 1,204 rows', 'grantId', f.grant_id)
          end as data
        ) t
        order by r, k`;
      await tx`delete from event_seal_queue`;
    });

    let prev = GENESIS_HASH;
    let seq = 0;
    for (let after = 0; ; ) {
      const rows = await sql<{ id: string; type: string; stream_type: string; stream_id: string; actor: unknown; data: unknown; correlation_id: string; occurred_at: Date }[]>`
        select * from events where id > ${after} order by id limit ${BATCH}`;
      if (rows.length === 0) break;
      let chain = "";
      let leaves = "";
      for (const row of rows) {
        const event: HashableEvent = { id: Number(row.id), type: row.type, streamType: row.stream_type, streamId: row.stream_id, actor: row.actor, data: row.data, correlationId: row.correlation_id, occurredAt: row.occurred_at.toISOString() };
        seq += 1;
        const hash = eventHash(event);
        const link = chainHash(prev, hash);
        chain += `${seq}\t${event.id}\t${hash}\t${prev}\t${link}\n`;
        leaves += `${seq}\t${leafHash(Buffer.from(hashedEventJson(event), "utf8")).toString("hex")}\n`;
        prev = link;
      }
      await copy(sql`copy event_chain (seq, event_id, event_hash, prev_hash, chain_hash) from stdin`, chain);
      await copy(sql`copy log_leaves (seq, leaf_hash) from stdin`, leaves);
      after = Number(rows.at(-1)!.id);
    }
    await sql`analyze events, event_chain, log_leaves`;
    return seq;
  } finally {
    await sql.end();
  }
}

async function copy(query: postgres.PendingQuery<postgres.Row[]>, text: string) {
  const writable = (await query.writable()) as Writable;
  await pipeline(async function* () {
    yield text;
  }, writable);
}
