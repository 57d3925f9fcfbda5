import { newServiceContext } from "../../lib/services/service-context";
import { afterAll, assert, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { oneRow } from "../../db/one-row";
import { events } from "../../db/schema";
import { sealEvents } from "../../lib/services/seal-events";
import { submitActionRequest } from "../../lib/services/submit-action-request";
import { verifyEventChain } from "../../lib/services/verify-event-chain";
import { alice, carol, sampleRequest, seedAgent } from "./fixtures";
import { ownerDatabase, sealerDatabase, useTestDatabase } from "./test-database";
import { databaseError } from "./database-error";

// These tests load the log through one agent, faster than its default rate limit allows.
vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

let db: Database;
let agent: Awaited<ReturnType<typeof seedAgent>>;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

/** What the worker's sealer does, as its own login: the app's role may not write the chain. */
const sealAll = async () => {
  while ((await sealEvents(sealerDatabase())) > 0);
};

describe("the event log", () => {
  it("refuses UPDATE, DELETE and TRUNCATE, even for the table owner", async () => {
    await submitActionRequest(newServiceContext(db, agent.actor), sampleRequest, "append-only");
    const owner = ownerDatabase();
    expect(await databaseError(owner.execute(sql`update events set type = 'x'`))).toMatch(/append-only/);
    expect(await databaseError(owner.execute(sql`delete from events`))).toMatch(/append-only/);
    expect(await databaseError(owner.execute(sql`truncate events cascade`))).toMatch(/append-only/);
    await sealAll();
    expect(await databaseError(owner.execute(sql`delete from event_chain`))).toMatch(/append-only/);
  });

  it("gives the application's role no right to change or delete events at all", async () => {
    await sealAll();
    // `db` is the application's own login, as in production.
    const asApp = (statement: ReturnType<typeof sql>) => databaseError(db.execute(statement));
    expect(await asApp(sql`update events set type = 'x'`)).toMatch(/permission denied/);
    expect(await asApp(sql`delete from events`)).toMatch(/permission denied/);
    expect(await asApp(sql`truncate events`)).toMatch(/permission denied/);
    expect(await asApp(sql`update event_chain set chain_hash = 'x'`)).toMatch(/permission denied/);
    expect(await asApp(sql`select count(*) from events`)).toBe("no error");
  });

  it("seals every event into a dense, verifiable chain", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => submitActionRequest(newServiceContext(db, agent.actor), sampleRequest, `concurrent-${i}`)));
    await sealAll();
    const status = await verifyEventChain(db, carol);
    const { n } = oneRow(await db.execute<{ n: number }>(sql`select count(*)::int as n from events`));
    expect(status).toMatchObject({ ok: true, checked: n, unsealed: 0 });
  });

  it("lets only one sealer run at a time, and never seals an event twice", async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => submitActionRequest(newServiceContext(db, agent.actor), sampleRequest, `race-${i}`)));
    await Promise.all([sealAll(), sealAll(), sealAll()]);
    const { dupes } = oneRow(await db.execute<{ dupes: number }>(sql`select count(*) - count(distinct event_id) as dupes from event_chain`));
    expect(Number(dupes)).toBe(0);
    expect((await verifyEventChain(db, carol)).ok).toBe(true);
  });

  it("reports an intact log as intact while events arrive and the sealer runs", async () => {
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        await submitActionRequest(newServiceContext(db, agent.actor), sampleRequest, `busy-${i}`);
        await sealEvents(sealerDatabase());
      }
    })();
    const statuses = [];
    try {
      for (let i = 0; i < 200; i++) statuses.push(await verifyEventChain(db, carol));
    } finally {
      writing = false;
      await writer;
    }
    // Each verification reads one snapshot, so a seal committing mid-check is never a "missing" event.
    expect(statuses.filter((status) => !status.ok)).toEqual([]);
  });

  it("is refused to reviewers: the verb checks, not only the page", async () => {
    await expect(verifyEventChain(db, alice)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("detects an event taken off the seal queue so it would never be chained, and counts it", async () => {
    await submitActionRequest(newServiceContext(db, agent.actor), sampleRequest, "hidden");
    // Only the owner can still do this: the app's role may not delete from the queue.
    await ownerDatabase().execute(sql`delete from event_seal_queue where event_id = (select max(event_id) from event_seal_queue)`);
    await sealAll();
    const status = await verifyEventChain(db, carol);
    expect(status.ok).toBe(false);
    if (!status.ok) expect(status.problem).toMatch(/^1 event\(s\), the first with id \d+, are neither chained nor waiting to be sealed$/);
  });

  it("detects an event altered behind the triggers' back", async () => {
    await sealAll();
    const [victim] = await db.select().from(events).limit(1);
    assert.isDefined(victim);
    await ownerDatabase().transaction(async (tx) => {
      await tx.execute(sql`alter table events disable trigger events_append_only`);
      await tx.execute(sql`update events set data = jsonb_set(data, '{summary}', '"Harmless"') where id = ${victim.id}`);
      await tx.execute(sql`alter table events enable always trigger events_append_only`);
    });
    const status = await verifyEventChain(db, carol);
    expect(status.ok).toBe(false);
    if (!status.ok) expect(status.problem).toContain("content does not match");
  });
});
