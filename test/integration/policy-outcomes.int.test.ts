import { newServiceContext } from "../../lib/services/service-context";
import { assert, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { decisions, events, grants, policies } from "../../db/schema";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { ServiceError } from "../../lib/services/errors";
import { DEFAULT_POLICY_ID } from "../../lib/services/load-policy";
import { alice, bob, seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";

/** Each test installs the policy version it needs; versions only grow, as in production. */
let db: Database;
let agent: SeededAgent;
let version = 1;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

async function usePolicy(requiredApprovals: number) {
  version += 1;
  await db.insert(policies).values({
    id: DEFAULT_POLICY_ID, version, name: `Policy v${version}`, requiredApprovals, approverGroups: ["reviewers"], ttlSeconds: 600, createdAt: new Date(),
  });
}

const submit = () => submitSample(db, agent);

const typesOf = async (id: string) => (await db.select().from(events).where(eq(events.streamId, id)).orderBy(events.id)).map((e) => e.type);

describe("quorum of distinct people", () => {
  it("counts each approver once and approves only at quorum, issuing one grant, all under one correlation id per command", async () => {
    await usePolicy(2);
    const { id } = await submit();
    expect(await approveActionRequest(newServiceContext(db, alice), id)).toMatchObject({ status: "pending", approvals: 1, requiredApprovals: 2 });
    const again = await approveActionRequest(newServiceContext(db, alice), id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ServiceError);
    expect((again as ServiceError).message).toContain("counts once");
    expect(await db.select().from(grants).where(eq(grants.requestId, id))).toHaveLength(0);
    expect(await approveActionRequest(newServiceContext(db, bob), id)).toMatchObject({ status: "approved", approvals: 2 });
    const [grant] = await db.select().from(grants).where(eq(grants.requestId, id));
    expect(grant?.jws.split(".")).toHaveLength(3);
    // alice's second vote was refused, and recorded as such.
    expect(await typesOf(id)).toEqual(["request.created", "policy.evaluated", "decision.approved", "decision.refused", "decision.approved", "request.approved", "grant.issued"]);
    const last = (await db.select().from(events).where(eq(events.streamId, id)).orderBy(events.id)).slice(-3);
    expect(new Set(last.map((e) => e.correlationId)).size).toBe(1);
  });

  it("serialises concurrent approvals: the same person racing twice still counts once", async () => {
    await usePolicy(2);
    const { id } = await submit();
    const results = await Promise.allSettled([approveActionRequest(newServiceContext(db, alice), id), approveActionRequest(newServiceContext(db, alice), id), approveActionRequest(newServiceContext(db, alice), id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.select().from(decisions).where(eq(decisions.requestId, id))).toHaveLength(1);
  });
});

describe("a policy that decides at once", () => {
  it("approves with a 201 body carrying the grant, and records the decision as events like a person's", async () => {
    await usePolicy(0);
    const view = await submit();
    expect(view.status).toBe("approved");
    expect(view.grant).toMatch(/^ey/);
    expect(view.decisions).toEqual([expect.objectContaining({ kind: "policy", outcome: "approve" })]);
    expect(await typesOf(view.id)).toEqual(["request.created", "policy.evaluated", "decision.approved", "request.approved", "grant.issued"]);
    // The same data shape as a person's decision event, so pack readers need one parser.
    const [decided] = await db.select().from(events).where(and(eq(events.streamId, view.id), eq(events.type, "decision.approved")));
    assert.isDefined(decided);
    expect(Object.keys(decided.data).sort()).toEqual(["approvals", "deciderName", "decisionId", "reason", "requiredApprovals"]);
    expect(decided.data).toMatchObject({ approvals: 0, requiredApprovals: 0 });
  });
});
