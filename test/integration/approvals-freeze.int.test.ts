import { assert, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { appendEvents } from "../../db/event-store";
import { events } from "../../db/schema";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import type { ServiceError } from "../../lib/services/errors";
import { freezeApprovals, loadFreeze, thawApprovals } from "../../lib/services/freeze-approvals";
import { getRequestDetail } from "../../lib/services/get-request-detail";
import { DEFAULT_POLICY_ID } from "../../lib/services/load-policy";
import { newServiceContext } from "../../lib/services/service-context";
import { submitActionRequest } from "../../lib/services/submit-action-request";
import { toRecordedActor } from "../../lib/domain/recorded-actor";
import { postActionRequest } from "./api-client";
import { alice, bob, dave, sampleRequest, seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";

let db: Database;
let agent: SeededAgent;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

const refusal = (promise: Promise<unknown>) => promise.then(() => assert.fail("expected a refusal"), (error: unknown) => error as ServiceError);

describe("freezing approvals", () => {
  it("stops decisions and rejects new requests with its message until it is lifted; both are events", async () => {
    const pending = await submitSample(db, agent);
    expect(await refusal(freezeApprovals(newServiceContext(db, alice), "no"))).toMatchObject({ code: "FORBIDDEN" });
    await freezeApprovals(newServiceContext(db, dave), "Incident 42: hold every change");

    expect(await refusal(approveActionRequest(newServiceContext(db, bob), pending.id))).toMatchObject({ code: "FROZEN", message: "Approvals are frozen: Incident 42: hold every change" });
    expect((await getRequestDetail(db, bob, pending.id)).viewer).toMatchObject({ canDecide: false, reason: "Approvals are frozen: Incident 42: hold every change" });
    const response = await postActionRequest(sampleRequest, { key: agent.apiKey });
    expect(response.status).toBe(201);
    const rejected = await response.json();
    expect(rejected).toMatchObject({ status: "rejected", decisions: [{ kind: "policy", reason: "Approvals are frozen: Incident 42: hold every change" }] });

    await thawApprovals(newServiceContext(db, dave));
    expect(await approveActionRequest(newServiceContext(db, bob), pending.id)).toMatchObject({ status: "approved" });
    const switches = await db.select().from(events).where(and(eq(events.streamType, "policy"), eq(events.streamId, DEFAULT_POLICY_ID))).orderBy(events.id);
    expect(switches.filter((e) => e.type.startsWith("approvals.")).map((e) => [e.type, e.actor.id])).toEqual([
      ["approvals.frozen", "dave@example.com"],
      ["approvals.thawed", "dave@example.com"],
    ]);
  });

  it("waits for every request command in flight, so no decision commits after a freeze it did not see", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let seen: unknown = "not yet";
    // A request command's transaction, paused after it read the switch (as executeRequestCommand does).
    const inFlight = db.transaction(async (tx) => {
      seen = await loadFreeze(tx);
      await held;
    });
    await expect.poll(() => seen).toBeNull();
    let frozen = false;
    const freezing = freezeApprovals(newServiceContext(db, dave), "Race").then(() => (frozen = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(frozen).toBe(false);
    release();
    await inFlight;
    await freezing;
    expect(frozen).toBe(true);
    await thawApprovals(newServiceContext(db, dave));
  });

  it("a request command that waited on a freeze in flight reads the switch after it, so it sees the freeze", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked = false;
    // A freeze's transaction, paused after it took the switch's lock and wrote its event (as switchFreeze does).
    const freezing = db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('countersign:approvals-freeze'))`);
      await appendEvents(tx, [{ type: "approvals.frozen", streamType: "policy", streamId: DEFAULT_POLICY_ID, actor: toRecordedActor(dave), data: { message: "Held", masking: {} } }], { now: new Date() });
      locked = true;
      await held;
    });
    await expect.poll(() => locked).toBe(true);
    const submitting = submitActionRequest(newServiceContext(db, agent.actor), sampleRequest, "during-freeze");
    for (let i = 0; i < 100; i++) {
      const [row] = await db.$client`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
      if (row!.waiting >= 1) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    release();
    await freezing;
    expect((await submitting).view.status).toBe("rejected");
    await thawApprovals(newServiceContext(db, dave));
  });
});

