import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { actionRequests, decisions, events, grants } from "../../db/schema";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { cancelActionRequest } from "../../lib/services/cancel-action-request";
import { ServiceError } from "../../lib/services/errors";
import { expirePendingRequests } from "../../lib/services/expire-pending-requests";
import { newServiceContext } from "../../lib/services/service-context";
import { installPolicy, quorumDocument, seedAgent, submitSample, user, type SeededAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";

let db: Database;
let agent: SeededAgent;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

const typesOf = async (requestId: string) => (await db.select({ type: events.type }).from(events).where(eq(events.streamId, requestId))).map((e) => e.type);
const count = (types: string[], type: string) => types.filter((t) => t === type).length;

/** Settles every promise, and checks that each failure is a refusal the caller can act on, never a bug. */
async function settle(attempts: Promise<unknown>[]) {
  const results = await Promise.allSettled(attempts);
  for (const result of results) if (result.status === "rejected") expect(result.reason).toBeInstanceOf(ServiceError);
  return results.filter((result) => result.status === "fulfilled").length;
}

describe("on real PostgreSQL, concurrent decisions", () => {
  it("50 distinct eligible reviewers approving several requests that need 2 at once yield exactly 2 decisions and one grant each", async () => {
    await installPolicy(db, quorumDocument(2));
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await submitSample(db, agent, { summary: `race ${i}` })).id);
    const reviewers = Array.from({ length: 50 }, (_, i) => user(`reviewer-${i}@example.com`, ["reviewers"]));
    const succeeded = await settle(ids.flatMap((id) => reviewers.map((reviewer) => approveActionRequest(newServiceContext(db, reviewer), id))));
    expect(succeeded).toBe(ids.length * 2);

    for (const id of ids) {
      expect((await db.select().from(decisions).where(eq(decisions.requestId, id))).map((d) => d.outcome)).toEqual(["approve", "approve"]);
      expect(await db.select().from(grants).where(eq(grants.requestId, id))).toHaveLength(1);
      expect((await db.select().from(actionRequests).where(eq(actionRequests.id, id)))[0]?.status).toBe("approved");
      const types = await typesOf(id);
      expect([count(types, "decision.approved"), count(types, "request.approved"), count(types, "grant.issued")]).toEqual([2, 1, 1]);
      // Every losing attempt was refused, and recorded as such.
      expect(count(types, "decision.refused")).toBe(48);
    }
  }, 120_000);

  it("approve racing cancel racing expiry yields exactly one outcome", async () => {
    await installPolicy(db, quorumDocument(1));
    for (let round = 0; round < 12; round++) {
      const { id } = await submitSample(db, agent, { summary: `three-way race ${round}` });
      await settle([
        approveActionRequest(newServiceContext(db, user("racer@example.com", ["reviewers"])), id),
        cancelActionRequest(newServiceContext(db, agent.actor), id),
        expirePendingRequests(newServiceContext(db, { kind: "system", id: "worker" }, new Date(Date.now() + 86_400_000))),
      ]);
      const [row] = await db.select().from(actionRequests).where(eq(actionRequests.id, id));
      const types = await typesOf(id);
      const terminal = types.filter((t) => ["request.approved", "request.cancelled", "request.expired", "request.rejected"].includes(t));
      expect(terminal).toHaveLength(1);
      expect(row?.status).toBe(terminal[0]!.split(".")[1]);
      const issued = await db.select().from(grants).where(eq(grants.requestId, id));
      expect(issued).toHaveLength(row?.status === "approved" ? 1 : 0);
      expect(await db.select().from(decisions).where(and(eq(decisions.requestId, id), inArray(decisions.outcome, ["approve"])))).toHaveLength(row?.status === "approved" ? 1 : 0);
    }
  }, 120_000);
});
