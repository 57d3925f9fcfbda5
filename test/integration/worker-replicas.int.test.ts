import { newServiceContext } from "../../lib/services/service-context";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDatabase, type Database } from "../../db/client";
import { oneRow } from "../../db/one-row";
import { actionRequests, eventChain, events } from "../../db/schema";
import { expirePendingRequests } from "../../lib/services/expire-pending-requests";
import { sealEvents } from "../../lib/services/seal-events";
import { verifyEventChain } from "../../lib/services/verify-event-chain";
import { carol, seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";

/**
 * Two workers on one database, as two replicas run them: each with its own pools, as the app's and
 * the sealer's logins. They coordinate only through PostgreSQL (the sealer's row lock, SKIP LOCKED).
 */
// One agent writes faster here than its default rate limit allows.
vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

let db: Database;
let agent: SeededAgent;
type Replica = { app: Database; sealer: Database };
let replicas: Replica[];

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
  replicas = [0, 1].map(() => ({
    app: createDatabase(process.env.DATABASE_URL!, { max: 2 }),
    sealer: createDatabase(process.env.DATABASE_SEALER_URL!, { max: 1 }),
  }));
  return async () => {
    await Promise.all(replicas.flatMap((r) => [r.app.$client.end({ timeout: 5 }), r.sealer.$client.end({ timeout: 5 })]));
  };
});

/** The sweeps run a day ahead, past every request's time to live: the log, not the read model, says when a request lapses. */
const sweepTime = new Date(Date.now() + 24 * 3600 * 1000);

/** One replica's worker, draining both loops until neither has anything left to do. */
async function drain(replica: Replica): Promise<void> {
  for (;;) {
    const sweep = newServiceContext(replica.app, { kind: "system", id: "worker" }, sweepTime);
    const [expired, sealed] = await Promise.all([expirePendingRequests(sweep), sealEvents(replica.sealer, 25)]);
    if (expired === 0 && sealed === 0) return;
  }
}

describe("two workers on one database", () => {
  it("expire each overdue request once and seal each event once, while agents keep writing", async () => {
    const overdue = await Promise.all(Array.from({ length: 60 }, () => submitSample(db, agent)));
    const ids = overdue.map((r) => r.id);

    const writer = Promise.all(Array.from({ length: 30 }, () => submitSample(db, agent)));
    await Promise.all([drain(replicas[0]!), drain(replicas[1]!), writer]);
    await Promise.all(replicas.map(drain));

    const expiredEvents = await db
      .select({ streamId: events.streamId, n: count() })
      .from(events)
      .where(and(eq(events.type, "request.expired"), inArray(events.streamId, ids)))
      .groupBy(events.streamId);
    expect(expiredEvents).toHaveLength(ids.length);
    expect(expiredEvents.every((row) => row.n === 1)).toBe(true);
    const statuses = await db.select({ status: actionRequests.status }).from(actionRequests).where(inArray(actionRequests.id, ids));
    expect(new Set(statuses.map((s) => s.status))).toEqual(new Set(["expired"]));

    const all = oneRow(await db.select({ n: count() }).from(events)).n;
    const chain = oneRow(
      await db.select({ links: count(), distinctEvents: sql<number>`count(distinct ${eventChain.eventId})::int`, maxSeq: sql<number>`max(${eventChain.seq})::int` }).from(eventChain),
    );
    expect(chain).toEqual({ links: all, distinctEvents: all, maxSeq: all });
    expect(await verifyEventChain(db, carol)).toMatchObject({ ok: true, checked: all, unsealed: 0 });
  });
});
