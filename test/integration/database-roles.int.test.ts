import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { count, desc, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { eventChain, eventSealQueue, events } from "../../db/schema";
import { chainHash, eventHash, GENESIS_HASH } from "../../lib/domain/event-chain";
import { verifyEvidencePack } from "../../lib/domain/evidence-pack/verify-pack";
import { exportEvidencePack } from "../../lib/services/export-evidence-pack";
import { toHashableEvent } from "../../lib/services/hashable-event";
import { SealConflictError, sealEvents } from "../../lib/services/seal-events";
import { verifyEventChain } from "../../lib/services/verify-event-chain";
import { carol, seedAgent, submitSample, type SeededAgent, exportPackBytes } from "./fixtures";
import { ownerDatabase, readerDatabase, sealerDatabase, useTestDatabase } from "./test-database";
import { oneRow } from "../../db/one-row";
import { databaseError } from "./database-error";

let app: Database;
let agent: SeededAgent;

beforeAll(async () => {
  app = await useTestDatabase();
  agent = await seedAgent(app);
});

const sealAll = async () => {
  while ((await sealEvents(sealerDatabase())) > 0);
};

const eventCount = async () => oneRow(await app.select({ n: count() }).from(events)).n;

/**
 * Issue 9's attack: insert an event and, in the same transaction, its own chain link at head + 1
 * with correct hashes, so the sealer later finds it both queued and chained.
 */
async function linkOwnEventAtHead(db: Database) {
  return db.transaction(async (tx) => {
    const row = await tx
      .insert(events)
      .values({ type: "agent.created", streamType: "agent", streamId: randomUUID(), actor: { kind: "system", id: "x", auth: "internal" }, data: {}, correlationId: randomUUID(), occurredAt: new Date() })
      .returning()
      .then(oneRow);
    const [head] = await tx.select().from(eventChain).orderBy(desc(eventChain.seq)).limit(1);
    const prevHash = head?.chainHash ?? GENESIS_HASH;
    const hash = eventHash(toHashableEvent(row));
    const seq = (head?.seq ?? 0) + 1;
    await tx.insert(eventChain).values({ seq, eventId: row.id, eventHash: hash, prevHash, chainHash: chainHash(prevHash, hash) });
    return { seq, eventId: row.id };
  });
}

describe("the app's role (console and worker)", () => {
  it("is refused writing the chain and the seal queue, yet every event it inserts is still queued", async () => {
    const asApp = (statement: ReturnType<typeof sql>) => databaseError(app.execute(statement));
    expect(await asApp(sql`insert into event_chain (seq, event_id, event_hash, prev_hash, chain_hash) values (999999, 1, 'x', 'x', 'x')`)).toMatch(/permission denied/);
    expect(await asApp(sql`insert into event_seal_queue (event_id) values (1)`)).toMatch(/permission denied/);
    expect(await asApp(sql`delete from event_seal_queue`)).toMatch(/permission denied/);
    expect(await asApp(sql`update event_seal_queue set event_id = event_id`)).toMatch(/permission denied/);
    expect(await asApp(sql`truncate event_seal_queue`)).toMatch(/permission denied/);

    const before = oneRow(await app.select({ n: count() }).from(eventSealQueue)).n;
    await submitSample(app, agent);
    expect(oneRow(await app.select({ n: count() }).from(eventSealQueue)).n).toBeGreaterThan(before);
  });

  it("cannot stall sealing or exports by linking its own event at head + 1", async () => {
    await sealAll();
    expect(await databaseError(linkOwnEventAtHead(app))).toMatch(/permission denied for table event_chain/);
    await submitSample(app, agent);
    await sealAll();
    const status = await verifyEventChain(app, carol);
    expect(status).toMatchObject({ ok: true, checked: await eventCount(), unsealed: 0 });

    // Nothing waits for a sealer here: the export only reads, so it completes without one.
    const pack = await exportPackBytes(app, carol, {}, { sealWaitMs: 2_000 });
    expect((await verifyEvidencePack(pack)).ok).toBe(true);
    expect(pack.events).toBe(status.checked);
  });

  it("cannot hold the sealer off by taking the lock that makes it one at a time", async () => {
    await submitSample(app, agent);
    await app.transaction(async (tx) => {
      // The advisory lock the sealer took before migration 0005: advisory locks need no privilege.
      await tx.execute(sql`select pg_advisory_xact_lock(${0x636f756e74657273n})`);
      expect(await sealEvents(sealerDatabase())).toBeGreaterThan(0);
    });
    expect(await databaseError(app.execute(sql`select * from event_sealer_lock for update`))).toMatch(/permission denied/);
  });

  it.each([
    ["an id beyond JavaScript's exact integers", sql`insert into events (id, type, stream_type, stream_id, actor, data, correlation_id, occurred_at) values (9007199254740993, 'x.y', 'agent', 'a', '{}', '{}', gen_random_uuid(), now())`],
    ["an infinite time", sql`insert into events (type, stream_type, stream_id, actor, data, correlation_id, occurred_at) values ('x.y', 'agent', 'a', '{}', '{}', gen_random_uuid(), 'infinity')`],
    ["a number no double can hold", sql`insert into events (type, stream_type, stream_id, actor, data, correlation_id, occurred_at) values ('x.y', 'agent', 'a', '{}', '{"n": [1, -1e400]}', gen_random_uuid(), now())`],
    ["data nested 3,000 deep", sql`insert into events (type, stream_type, stream_id, actor, data, correlation_id, occurred_at) values ('x.y', 'agent', 'a', '{}', ${`{"a":${"[".repeat(3000)}${"]".repeat(3000)}}`}::jsonb, gen_random_uuid(), now())`],
    ["an actor nested 3,000 deep", sql`insert into events (type, stream_type, stream_id, actor, data, correlation_id, occurred_at) values ('x.y', 'agent', 'a', ${"[".repeat(3000) + "]".repeat(3000)}::jsonb, '{}', gen_random_uuid(), now())`],
  ])("cannot stall the sealer with an event it could not hash: %s", async (_, insert) => {
    expect(await databaseError(app.execute(insert))).toMatch(/violates check constraint "events_sealable"/);
    await submitSample(app, agent);
    expect(await sealEvents(sealerDatabase())).toBeGreaterThan(0);
  });

  it("may still write events nested 512 deep, which the sealer hashes", async () => {
    // 256 times an object holding an array: 512 levels above the innermost value.
    const nested = JSON.stringify(Array.from({ length: 256 }).reduce((inner: unknown) => ({ a: [inner] }), 1));
    await app.execute(sql`insert into events (type, stream_type, stream_id, actor, data, correlation_id, occurred_at) values ('x.y', 'agent', 'a', '{}', ${nested}::jsonb, gen_random_uuid(), now())`);
    await sealAll();
    expect(await verifyEventChain(app, carol)).toMatchObject({ ok: true, unsealed: 0 });
  });
});

describe("the sealer's role", () => {
  it("seals the queue, and may do nothing else", async () => {
    await submitSample(app, agent);
    expect(await sealEvents(sealerDatabase())).toBeGreaterThan(0);
    expect((await verifyEventChain(app, carol)).ok).toBe(true);

    const asSealer = (statement: ReturnType<typeof sql>) => databaseError(sealerDatabase().execute(statement));
    expect(await asSealer(sql`insert into events (type, stream_type, stream_id, actor, data, correlation_id, occurred_at) values ('x.y', 'agent', 'a', '{}', '{}', gen_random_uuid(), now())`)).toMatch(/permission denied/);
    expect(await asSealer(sql`update event_chain set chain_hash = 'x'`)).toMatch(/permission denied/);
    expect(await asSealer(sql`select count(*) from action_requests`)).toMatch(/permission denied/);
    expect(await asSealer(sql`update action_requests set status = 'approved'`)).toMatch(/permission denied/);
    expect(await asSealer(sql`select count(*) from sessions`)).toMatch(/permission denied/);
    expect(await asSealer(sql`select count(*) from api_keys`)).toMatch(/permission denied/);
  });
});

describe("the reader's role (auditors, SIEM)", () => {
  it("reads the log, its chain and the read models, and can change nothing nor read credentials", async () => {
    const asReader = (statement: ReturnType<typeof sql>) => databaseError(readerDatabase().execute(statement));
    for (const table of ["events", "event_chain", "event_seal_queue", "action_requests", "decisions", "comments", "grants", "agents", "policies"]) {
      expect(await asReader(sql`select count(*) from ${sql.identifier(table)}`)).toBe("no error");
    }
    expect(await asReader(sql`insert into events (type, stream_type, stream_id, actor, data, correlation_id, occurred_at) values ('x.y', 'agent', 'a', '{}', '{}', gen_random_uuid(), now())`)).toMatch(/permission denied/);
    expect(await asReader(sql`insert into event_chain (seq, event_id, event_hash, prev_hash, chain_hash) values (999999, 1, 'x', 'x', 'x')`)).toMatch(/permission denied/);
    expect(await asReader(sql`delete from event_seal_queue`)).toMatch(/permission denied/);
    expect(await asReader(sql`update action_requests set status = 'approved'`)).toMatch(/permission denied/);
    expect(await asReader(sql`select * from event_sealer_lock for update`)).toMatch(/permission denied/);
    for (const table of ["sessions", "accounts", "verification_tokens", "users", "api_keys"]) {
      expect(await asReader(sql`select count(*) from ${sql.identifier(table)}`)).toMatch(/permission denied/);
    }
  });
});

describe("tampering by the database owner", () => {
  it("a link written for a queued event stops the sealer with a clear error, verification names it, and exports refuse", async () => {
    await sealAll();
    const forged = await linkOwnEventAtHead(ownerDatabase());
    await submitSample(app, agent);

    await expect(sealEvents(sealerDatabase())).rejects.toThrow(SealConflictError);
    await expect(sealEvents(sealerDatabase())).rejects.toThrow(`event ${forged.eventId} waits to be sealed but is already chained at seq ${forged.seq}`);

    const status = await verifyEventChain(app, carol);
    expect(status).toMatchObject({ ok: false, brokenAt: forged.seq, checked: forged.seq - 1 });
    if (!status.ok) expect(status.problem).toBe(`1 chain link(s), the first at seq ${forged.seq}, seal events that still wait in the seal queue: something other than the sealer wrote the chain, and sealing stops there`);
    expect(status.unsealed).toBeGreaterThanOrEqual(2);

    await expect(exportEvidencePack(app, carol, {}, { sealWaitMs: 300 })).rejects.toMatchObject({ code: "UNAVAILABLE", message: expect.stringMatching(/not sealed/) });

    // The operator's repair: the forged link is a valid one, so taking its event off the queue
    // leaves a consistent log, and sealing and exports resume.
    await ownerDatabase().execute(sql`delete from event_seal_queue where event_id = ${forged.eventId}`);
    await sealAll();
    expect(await verifyEventChain(app, carol)).toMatchObject({ ok: true, unsealed: 0, checked: await eventCount() });
    expect((await exportPackBytes(app, carol, {}, { sealWaitMs: 2_000 })).events).toBeGreaterThan(forged.seq);
  });

  it("a link for an event that does not exist is named, not counted as a gap", async () => {
    await sealAll();
    const head = oneRow(await app.select().from(eventChain).orderBy(desc(eventChain.seq)).limit(1));
    await ownerDatabase().transaction(async (tx) => {
      // Replica mode skips the foreign key's triggers; the owner can do that, the app cannot.
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.insert(eventChain).values({ seq: head.seq + 1, eventId: 999_999_999, eventHash: "e".repeat(64), prevHash: head.chainHash, chainHash: chainHash(head.chainHash, "e".repeat(64)) });
    });
    const status = await verifyEventChain(app, carol);
    expect(status).toMatchObject({ ok: false, brokenAt: head.seq + 1, checked: head.seq, problem: "the link seals an event that does not exist" });
  });
});
