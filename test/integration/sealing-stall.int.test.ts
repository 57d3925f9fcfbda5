import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, assert, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { GET as health } from "../../app/api/health/route";
import type { Database } from "../../db/client";
import { events, grants } from "../../db/schema";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import type { ServiceError } from "../../lib/services/errors";
import { getRequestDetail } from "../../lib/services/get-request-detail";
import { releaseHeldApprovals } from "../../lib/services/release-held-approvals";
import { sealEvents } from "../../lib/services/seal-events";
import { newServiceContext } from "../../lib/services/service-context";
import { getActionRequest, postActionRequest } from "./api-client";
import { alice, bob, installPolicy, sampleRequest, seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { sealerDatabase, TEST_APP_URL, useTestDatabase } from "./test-database";

// A short limit, so the stall below is a real one: the sealer is kept from sealing and time passes.
const LIMIT_SECONDS = 2;
vi.stubEnv("SEALING_STALL_SECONDS", String(LIMIT_SECONDS));
afterAll(() => vi.unstubAllEnvs());

let db: Database;
let agent: SeededAgent;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
  await installPolicy(db, {
    name: "High risk",
    rules: [
      { name: "deploys go at once", match: { action: ["deploy.*"] }, outcome: "auto-approve", highRisk: true, acknowledge: "production-auto-approve" },
      { name: "reads go at once", match: { action: ["db.read*"] }, outcome: "auto-approve", acknowledge: "production-auto-approve" },
      { name: "exports need a reviewer", match: { action: ["db.export"] }, outcome: "require", stages: [{ approvals: 1, groups: ["reviewers"] }], highRisk: true },
    ],
    default: { outcome: "require", stages: [{ approvals: 1, groups: ["reviewers"] }] },
  });
  await sealAll();
});

const sealAll = async () => {
  while ((await sealEvents(sealerDatabase())) > 0);
};
const healthBody = async () => {
  const response = await health(new Request(`${TEST_APP_URL}/api/health`));
  expect(response.status).toBe(200);
  return response.json();
};
const refusal = (promise: Promise<unknown>) => promise.then(() => assert.fail("expected a refusal"), (error: unknown) => error as ServiceError);
const eventsOf = (id: string) => db.select().from(events).where(and(eq(events.streamType, "request"), eq(events.streamId, id))).orderBy(events.id);

/** Holds the sealer's lock, as a worker stuck mid-seal would: no sealer can seal until `release`. */
async function holdSealerLock() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holder = sealerDatabase().transaction(async (tx) => {
    await tx.execute(sql`select id from event_sealer_lock for update`);
    locked();
    await released;
  });
  await isLocked;
  return async () => {
    release();
    await holder;
  };
}

describe("failing closed while sealing has stalled", () => {
  it("says degraded, holds high-risk grants (recorded) and grants the rest, then recovers and releases what it held", async () => {
    expect(await healthBody()).toEqual({ status: "ok" });
    const release = await holdSealerLock();
    try {
      const exportRequest = await submitSample(db, agent);
      const other = await submitSample(db, agent, { action: "iam.read" });
      // The stall is real: events are queued and no sealer can take them.
      expect(await sealEvents(sealerDatabase())).toBe(0);
      await sleep((LIMIT_SECONDS + 0.5) * 1000);

      expect(await healthBody()).toEqual({ status: "degraded", detail: expect.stringMatching(/^Sealing has stalled: \d+ event\(s\) wait to be sealed, the oldest for \d+ s \(the limit is 2 s\)\.$/) });

      // The final approval under a high-risk rule is refused with its code, recorded, and the request keeps waiting.
      const refused = await refusal(approveActionRequest(newServiceContext(db, alice), exportRequest.id));
      expect(refused).toMatchObject({ code: "SEALING_STALLED", message: expect.stringContaining("High-risk rules issue no grant until sealing recovers") });
      expect((await eventsOf(exportRequest.id)).map((e) => [e.type, (e.data as { code?: string }).code])).toEqual([
        ["request.created", undefined],
        ["policy.evaluated", undefined],
        ["decision.refused", "SEALING_STALLED"],
      ]);
      // A rule that is not high-risk still grants.
      expect(await approveActionRequest(newServiceContext(db, bob), other.id)).toMatchObject({ status: "approved" });
      const read = await postActionRequest({ ...sampleRequest, action: "db.read" }, { key: agent.apiKey });
      expect(await read.json()).toMatchObject({ status: "approved" });

      // A high-risk automatic approval is held: 201, pending, no grant, its refusal on record.
      const response = await postActionRequest({ ...sampleRequest, action: "deploy.web" }, { key: agent.apiKey });
      expect(response.status).toBe(201);
      const held = await response.json();
      expect(held).toMatchObject({ status: "pending", policy: { rule: "deploys go at once" } });
      expect((await eventsOf(held.id)).map((e) => e.type)).toEqual(["request.created", "policy.evaluated", "decision.refused"]);
      expect((await getRequestDetail(db, bob, held.id)).viewer).toMatchObject({ canDecide: false, reason: expect.stringContaining("approves it automatically") });
      expect(await releaseHeldApprovals(newServiceContext(db, { kind: "system", id: "worker" }))).toBe(0);
      expect(await db.select().from(grants).where(eq(grants.requestId, held.id))).toEqual([]);

      await release();
      await sealAll();
      expect(await healthBody()).toEqual({ status: "ok" });

      // Recovered: the held approval gets its grant, and the refused reviewer can approve now.
      expect(await releaseHeldApprovals(newServiceContext(db, { kind: "system", id: "worker" }))).toBe(1);
      const after = await (await getActionRequest(held.id, { key: agent.apiKey })).json();
      expect(after).toMatchObject({ status: "approved", grant: expect.any(String) });
      expect(await approveActionRequest(newServiceContext(db, alice), exportRequest.id)).toMatchObject({ status: "approved" });
    } finally {
      await release();
    }
  });
});
