import { newServiceContext } from "../../lib/services/service-context";
import { assert, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createDatabase, type Database, type Executor } from "../../db/client";
import { oneRow } from "../../db/one-row";
import { cancelActionRequest } from "../../lib/services/cancel-action-request";
import { ServiceError } from "../../lib/services/errors";
import { listAuditEvents } from "../../lib/services/list-audit-events";
import { listQueue, type QueueFilter } from "../../lib/services/list-queue";
import { alice, carol, seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { ownerDatabase, useTestDatabase } from "./test-database";

let db: Database;
let agent: SeededAgent;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

const submit = async (summary: string) => (await submitSample(db, agent, { summary })).id;

/** Every page of a queue tab, following the cursors, with `between` run after the first page. */
async function allPages(filter: QueueFilter, limit: number, between?: () => Promise<unknown>, executor: Executor = db) {
  const ids: string[] = [];
  let page = await listQueue(executor, alice, { filter, limit });
  ids.push(...page.items.map((item) => item.id));
  await between?.();
  while (page.next) {
    page = await listQueue(executor, alice, { filter, limit, after: page.next });
    ids.push(...page.items.map((item) => item.id));
  }
  return ids;
}

describe("the queue, page by page", () => {
  it("walks every request exactly once in each tab's order, and counts the whole tab", async () => {
    const created = [];
    for (let i = 0; i < 7; i++) created.push(await submit(`Paged request ${i}`));
    const [cancelled] = created;
    assert.isDefined(cancelled);
    await cancelActionRequest(newServiceContext(db, agent.actor), cancelled);

    const all = await allPages("all", 3);
    expect(all).toEqual([...created].reverse());
    const pending = await allPages("pending", 2);
    // Pending: soonest to expire first, which for one policy is oldest first.
    expect(pending).toEqual(created.slice(1));
    expect(await allPages("decided", 2)).toEqual([cancelled]);

    const first = await listQueue(db, alice, { filter: "pending", limit: 2 });
    expect(first.total).toBe(6);
    expect(first.items).toHaveLength(2);
    expect((await listQueue(db, alice, { filter: "pending", limit: 6 })).next).toBeNull();
  });

  it("does not shift or repeat a page when a request arrives between pages", async () => {
    const before = await allPages("all", 4);
    let arrived = "";
    const walked = await allPages("all", 4, async () => (arrived = await submit("Arrives mid-walk")));
    // The newcomer sorts first, on a page already read: the walk neither repeats nor skips a row.
    expect(walked).toEqual(before);
    expect((await listQueue(db, alice, { filter: "all", limit: 1 })).items[0]?.id).toBe(arrived);
  });

  it("reads dates and pages the same when the database's own DateStyle is not ISO", async () => {
    const expected = await allPages("all", 3);
    const { name } = oneRow(await db.execute<{ name: string }>(sql`select current_database() as name`));
    await ownerDatabase().execute(sql.raw(`alter database ${name} set datestyle = 'SQL, DMY'`));
    const fresh = createDatabase(process.env.DATABASE_URL!, { max: 1 });
    try {
      expect(await allPages("all", 3, undefined, fresh)).toEqual(expected);
    } finally {
      await fresh.$client.end();
      await ownerDatabase().execute(sql.raw(`alter database ${name} reset datestyle`));
    }
  });
});

describe("the audit log, page by page", () => {
  it("pages back in time with the filter applied, each event once", async () => {
    const filter = { type: "request." };
    const everything = (await listAuditEvents(db, carol, filter, { limit: 500 })).events.map((e) => e.id);
    expect(everything.length).toBeGreaterThan(5);

    const walked: number[] = [];
    let before: number | undefined;
    do {
      const page = await listAuditEvents(db, carol, filter, { before, limit: 4 });
      expect(page.events.length).toBeLessThanOrEqual(4);
      expect(page.events.every((event) => event.type.startsWith("request."))).toBe(true);
      walked.push(...page.events.map((e) => e.id));
      before = page.nextCursor === null ? undefined : Number(page.nextCursor);
    } while (before !== undefined);
    expect(walked).toEqual(everything);
    expect([...walked].sort((a, b) => b - a)).toEqual(walked);
  });

  it("stays closed to reviewers", async () => {
    await expect(listAuditEvents(db, alice)).rejects.toBeInstanceOf(ServiceError);
  });
});
