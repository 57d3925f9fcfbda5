import { newServiceContext } from "../../lib/services/service-context";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { actionRequests, agents, decisions, events, grants } from "../../db/schema";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { cancelActionRequest } from "../../lib/services/cancel-action-request";
import { ServiceError } from "../../lib/services/errors";
import { executeRequestCommand } from "../../lib/services/execute-request-command";
import { loadRequestForUpdate } from "../../lib/services/load-request-for-update";
import { loadCurrentPolicy } from "../../lib/services/load-policy";
import { revokeAgent } from "../../lib/services/revoke-agent";
import { submitActionRequest } from "../../lib/services/submit-action-request";
import { alice, dave, sampleRequest, seedAgent, submitSample, installPolicy, quorumDocument } from "./fixtures";
import { ownerDatabase, useTestDatabase } from "./test-database";

let db: Database;

beforeAll(async () => {
  db = await useTestDatabase();
});

const statusOf = async (id: string) => (await db.select().from(actionRequests).where(eq(actionRequests.id, id)))[0]!.status;
const grantsOf = (id: string) => db.select().from(grants).where(eq(grants.requestId, id));
const streamEvents = (id: string) => db.select().from(events).where(eq(events.streamId, id)).orderBy(asc(events.id));

async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe("revoking an agent settles its pending requests", () => {
  it("cancels them in the revoking transaction, with events naming why and who, and leaves decided and lapsed ones alone", async () => {
    const agent = await seedAgent(db);
    const [first, second, decided, lapsed] = [await submitSample(db, agent), await submitSample(db, agent), await submitSample(db, agent), await submitSample(db, agent)];
    await approveActionRequest(newServiceContext(db, alice), decided.id);
    await db.update(actionRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(actionRequests.id, lapsed.id));

    expect(await revokeAgent(newServiceContext(db, dave), agent.id)).toEqual({ id: agent.id, revokedKeys: 1, cancelledRequests: 2 });

    expect([await statusOf(first.id), await statusOf(second.id), await statusOf(decided.id), await statusOf(lapsed.id)]).toEqual([
      "cancelled",
      "cancelled",
      "approved",
      // Past its expiry: the sweep records it as expired, not cancelled.
      "pending",
    ]);
    const [revoked] = await db.select().from(events).where(and(eq(events.type, "agent.revoked"), eq(events.streamId, agent.id)));
    expect(revoked!.data).toMatchObject({ scope: "agent", cancelledRequestIds: [first.id, second.id].sort() });
    const cancelled = await db.select().from(events).where(and(eq(events.type, "request.cancelled"), inArray(events.streamId, [first.id, second.id])));
    expect(cancelled).toHaveLength(2);
    for (const event of cancelled) {
      expect(event.actor).toMatchObject({ kind: "user", id: "dave@example.com" });
      expect(event.data).toEqual({ reason: "agent-revoked" });
      expect(event.correlationId).toBe(revoked!.correlationId);
    }

    const late = await refusal(approveActionRequest(newServiceContext(db, alice), first.id));
    expect(late.code).toBe("INVALID_STATE");
    expect(await grantsOf(first.id)).toHaveLength(0);
  });

  it("records the agent's own withdrawal with the same event shape, naming its reason", async () => {
    const agent = await seedAgent(db);
    const { id } = await submitSample(db, agent);
    await cancelActionRequest(newServiceContext(db, agent.actor), id);
    const [event] = (await streamEvents(id)).filter((e) => e.type === "request.cancelled");
    expect(event).toMatchObject({ actor: { kind: "agent", id: agent.id }, data: { reason: "withdrawn-by-agent" } });
  });

  it("refuses any decision on a revoked agent's request, even one a revocation left pending", async () => {
    const agent = await seedAgent(db);
    const { id } = await submitSample(db, agent);
    // As a revocation made before revocations settled requests left things.
    await db.update(agents).set({ revokedAt: new Date() }).where(eq(agents.id, agent.id));
    const refused = await refusal(approveActionRequest(newServiceContext(db, alice), id));
    expect(refused.code).toBe("AGENT_REVOKED");
    expect(refused.message).toMatch(/revoked/);
    expect(await db.select().from(decisions).where(eq(decisions.requestId, id))).toHaveLength(0);
    expect(await grantsOf(id)).toHaveLength(0);
    expect(await statusOf(id)).toBe("pending");
  });

  it("has the decider, which every path to a grant runs, refuse a revoked agent", async () => {
    const agent = await seedAgent(db);
    const view = await submitSample(db, agent);
    await db.update(agents).set({ revokedAt: new Date() }).where(eq(agents.id, agent.id));
    const approve = { type: "DecideRequest" as const, actor: alice, data: { outcome: "approve" as const, reason: null, decisionId: randomUUID(), grantId: randomUUID() } };
    const refused = await refusal(db.transaction(async (tx) => executeRequestCommand(tx, newServiceContext(tx, alice), await loadRequestForUpdate(tx, view.id), approve)));
    expect(refused.code).toBe("AGENT_REVOKED");
    expect(await grantsOf(view.id)).toHaveLength(0);
  });

  it("issues no grant through a policy that approves at once to an agent revoked after it authenticated", async () => {
    const agent = await seedAgent(db);
    const current = await loadCurrentPolicy(db);
    await installPolicy(db, quorumDocument(0));
    try {
      await revokeAgent(newServiceContext(db, dave), agent.id);
      // The actor was resolved from its key before the revocation committed; the verb must still refuse.
      const refused = await refusal(submitActionRequest(newServiceContext(db, agent.actor), sampleRequest, "in-flight"));
      expect(refused.code).toBe("UNAUTHENTICATED");
      expect(await db.select().from(actionRequests).where(eq(actionRequests.agentId, agent.id))).toHaveLength(0);
    } finally {
      await installPolicy(db, current.document);
    }
  });
});

describe("revocation racing an approval, in real concurrent transactions", () => {
  const owner = () => ownerDatabase().$client;
  let release: () => void = () => {};
  afterAll(() => release());

  /** Holds the request's row lock in a transaction of its own until `release()`, so the racers queue behind it in a known order. */
  async function holdRequestLock(id: string) {
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const holder = owner().begin(async (sql) => {
      await sql`select 1 from action_requests where id = ${id} for update`;
      locked();
      await released;
    });
    await isLocked;
    // Wrapped: an async function returning the transaction's promise would wait for it to end.
    return { ended: holder };
  }

  /** Waits until `n` of the app's sessions on this database wait on a lock, or gives up after 5 s (the assertions then tell). */
  async function lockWaiters(n: number) {
    for (let i = 0; i < 100; i++) {
      const [row] = await db.$client`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
      if (row!.waiting >= n) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it("revocation first: the approval queued behind it finds the request cancelled and no grant is issued", async () => {
    const agent = await seedAgent(db);
    const { id } = await submitSample(db, agent);
    const { ended } = await holdRequestLock(id);
    const revoking = revokeAgent(newServiceContext(db, dave), agent.id);
    await lockWaiters(1);
    const approving = approveActionRequest(newServiceContext(db, alice), id).then(() => null, (e: unknown) => e);
    await lockWaiters(2);
    release();
    await ended;
    expect(await revoking).toMatchObject({ cancelledRequests: 1 });
    expect(await approving).toMatchObject({ code: "INVALID_STATE" });
    expect(await statusOf(id)).toBe("cancelled");
    expect(await grantsOf(id)).toHaveLength(0);
  });

  it("approval first: its grant commits before the revocation, which then finds nothing pending to cancel", async () => {
    const agent = await seedAgent(db);
    const { id } = await submitSample(db, agent);
    const { ended } = await holdRequestLock(id);
    const approving = approveActionRequest(newServiceContext(db, alice), id);
    await lockWaiters(1);
    const revoking = revokeAgent(newServiceContext(db, dave), agent.id);
    await lockWaiters(2);
    release();
    await ended;
    expect(await approving).toMatchObject({ status: "approved" });
    expect(await revoking).toMatchObject({ cancelledRequests: 0 });
    expect(await grantsOf(id)).toHaveLength(1);
    const types = (await streamEvents(id)).map((e) => e.type);
    expect(types).toContain("grant.issued");
    expect(types).not.toContain("request.cancelled");
  });

  it("unordered races always end in exactly one of: a grant and no cancellation, or a cancellation and no grant", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const agent = await seedAgent(db);
        const { id } = await submitSample(db, agent);
        const [approval] = await Promise.allSettled([approveActionRequest(newServiceContext(db, alice), id), revokeAgent(newServiceContext(db, dave), agent.id)]);
        const status = await statusOf(id);
        const granted = (await grantsOf(id)).length;
        const types = (await streamEvents(id)).map((e) => e.type);
        const [revoked] = await db.select().from(events).where(and(eq(events.type, "agent.revoked"), eq(events.streamId, agent.id)));
        const cancelledByRevocation = (revoked!.data.cancelledRequestIds as string[]).includes(id);
        if (status === "approved") {
          expect(approval.status).toBe("fulfilled");
          expect(granted).toBe(1);
          expect(cancelledByRevocation).toBe(false);
          expect(types).not.toContain("request.cancelled");
        } else {
          expect(status).toBe("cancelled");
          expect(approval.status).toBe("rejected");
          expect(granted).toBe(0);
          expect(cancelledByRevocation).toBe(true);
          expect(types).not.toContain("grant.issued");
        }
        return status;
      }),
    );
    expect(outcomes.every((s) => s === "approved" || s === "cancelled")).toBe(true);
  });
});
