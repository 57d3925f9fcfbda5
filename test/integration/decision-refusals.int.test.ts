import { beforeAll, describe, expect, it } from "vitest";
import { asc, count, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { actionRequests, decisions, events, grants } from "../../db/schema";
import type { UserActor } from "../../lib/domain/actor";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { ServiceError } from "../../lib/services/errors";
import { getRequestDetail } from "../../lib/services/get-request-detail";
import { listAuditEvents } from "../../lib/services/list-audit-events";
import { newServiceContext } from "../../lib/services/service-context";
import { alice, bob, carol, erin, installPolicy, quorumDocument, seedAgent, submitSample, user, type SeededAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";

let db: Database;
let agent: SeededAgent;
const grace = user("grace@example.com", ["security"]);

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

/** Everything a decision could change: the request's row, its decisions and grants, and the whole log's size. */
async function snapshot(requestId: string) {
  const [request] = await db.select().from(actionRequests).where(eq(actionRequests.id, requestId));
  return {
    request,
    decisions: await db.select().from(decisions).where(eq(decisions.requestId, requestId)).orderBy(asc(decisions.id)),
    grants: await db.select().from(grants).where(eq(grants.requestId, requestId)),
    events: (await db.select({ n: count() }).from(events))[0]!.n,
  };
}

/** Attempts the approval, expects the refusal, and returns the one event it left, after checking nothing else changed. */
async function refusedOnce(actor: UserActor, requestId: string, code: string) {
  const before = await snapshot(requestId);
  const ctx = newServiceContext(db, actor);
  const error = await approveActionRequest(ctx, requestId).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ServiceError);
  expect((error as ServiceError).code).toBe(code);
  const after = await snapshot(requestId);
  expect(after).toEqual({ ...before, events: before.events + 1 });
  const recorded = await db.select().from(events).where(eq(events.correlationId, ctx.requestId));
  expect(recorded).toHaveLength(1);
  expect(recorded[0]).toMatchObject({
    type: "decision.refused",
    streamType: "request",
    streamId: requestId,
    actor: { kind: "user", id: actor.email },
    data: { outcome: "approve", code, reason: (error as ServiceError).message, masking: { counts: {} } },
  });
  return recorded[0]!;
}

const submit = async () => (await submitSample(db, agent)).id;

describe("every refused decision is recorded as one event and changes nothing else", () => {
  it("the agent's owner approving their own agent's request", async () => {
    await installPolicy(db, quorumDocument(1));
    const id = await submit();
    await refusedOnce(erin, id, "SEPARATION_OF_DUTIES");
  });

  it("a second vote by the same person", async () => {
    await installPolicy(db, quorumDocument(2));
    const id = await submit();
    await approveActionRequest(newServiceContext(db, alice), id);
    await refusedOnce(alice, id, "SEPARATION_OF_DUTIES");
  });

  it("an approver outside the current stage's groups", async () => {
    await installPolicy(db, { name: "Two stages", rules: [], default: { outcome: "require", stages: [{ approvals: 1, groups: ["reviewers"] }, { approvals: 1, groups: ["security"] }], ttl: "1h" } });
    const id = await submit();
    const event = await refusedOnce(grace, id, "FORBIDDEN");
    expect((event.data as { reason: string }).reason).toContain("stage 1 of 2");
  });

  it("an auditor, and the refusal shows in the request's timeline and the audit log", async () => {
    await installPolicy(db, quorumDocument(1));
    const id = await submit();
    const event = await refusedOnce(carol, id, "FORBIDDEN");
    const detail = await getRequestDetail(db, bob, id);
    expect(detail.timeline.map((e) => [e.type, e.actor])).toContainEqual(["decision.refused", carol.email]);
    const log = await listAuditEvents(db, carol, { type: "decision.refused", streamId: id });
    expect(log.events.map((e) => e.id)).toEqual([event.id]);
    // The request still takes a valid decision: the refusal did not touch its state.
    await approveActionRequest(newServiceContext(db, bob), id);
    expect((await snapshot(id)).request?.status).toBe("approved");
  });
});
