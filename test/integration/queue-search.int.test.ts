import { assert, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { actionRequests, agents, decisions, events } from "../../db/schema";
import type { UserActor } from "../../lib/domain/actor";
import { canDecide } from "../../lib/domain/separation-of-duties";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { cancelActionRequest } from "../../lib/services/cancel-action-request";
import { createAgent } from "../../lib/services/create-agent";
import { freezeApprovals, thawApprovals } from "../../lib/services/freeze-approvals";
import { countQueue } from "../../lib/services/count-queue";
import { listQueue, type QueueFilter } from "../../lib/services/list-queue";
import { rejectActionRequest } from "../../lib/services/reject-action-request";
import { rejectActionRequests } from "../../lib/services/reject-action-requests";
import { newServiceContext } from "../../lib/services/service-context";
import { alice, bob, carol, dave, erin, installPolicy, seedAgent, submitSample, user, type SeededAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";

let db: Database;
let agent: SeededAgent;
let bobsAgent: SeededAgent;
const grace = user("grace@example.com", ["reviewers", "security"]);
const as = (actor: UserActor) => newServiceContext(db, actor);

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db, "payments-bot");
  const created = await createAgent(newServiceContext(db, { kind: "system", id: "cli" }), { name: "infra-bot", ownerEmail: "bob@example.com" });
  bobsAgent = { ...created, actor: { kind: "agent", id: created.id, name: created.name, ownerEmail: created.owner } };
  await installPolicy(db, {
    name: "Queue test",
    rules: [
      {
        name: "IAM needs two reviewers, then security",
        match: { action: ["iam.*"] },
        outcome: "require",
        stages: [
          { approvals: 2, groups: ["reviewers"] },
          { approvals: 1, groups: ["security"] },
        ],
        ttl: "2h",
      },
    ],
    default: { outcome: "require", stages: [{ approvals: 1, groups: ["reviewers"] }], ttl: "1h" },
  });
});

const ids = async (actor: UserActor, filter: QueueFilter, options: Parameters<typeof listQueue>[2] = {}) =>
  (await listQueue(db, actor, { filter, limit: 200, ...options })).items.map((item) => item.id);

describe("waiting for me", () => {
  it("agrees with canDecide for every person and request, now and after expiry", async () => {
    const made = {
      plain: await submitSample(db, agent, { summary: "plain export" }),
      forAlice: await submitSample(db, agent, { summary: "on behalf of alice", onBehalfOf: "Alice@Example.com" }),
      bobsAgent: await submitSample(db, bobsAgent, { summary: "from bob's agent" }),
      iamFresh: await submitSample(db, agent, { summary: "iam at stage one", action: "iam.put-policy" }),
      iamOneVote: await submitSample(db, agent, { summary: "iam with alice's approval", action: "iam.attach-role" }),
      iamStageTwo: await submitSample(db, agent, { summary: "iam at the security stage", action: "iam.create-role" }),
      cancelled: await submitSample(db, agent, { summary: "withdrawn" }),
      rejected: await submitSample(db, agent, { summary: "rejected by bob" }),
    };
    await approveActionRequest(as(alice), made.iamOneVote.id);
    await approveActionRequest(as(alice), made.iamStageTwo.id);
    await approveActionRequest(as(bob), made.iamStageTwo.id);
    await cancelActionRequest(newServiceContext(db, agent.actor), made.cancelled.id);
    await rejectActionRequest(as(bob), made.rejected.id, "not today");
    const requestIds = Object.values(made).map((m) => m.id);

    const rows = await db
      .select({ request: actionRequests, ownerEmail: agents.ownerEmail, revokedAt: agents.revokedAt })
      .from(actionRequests)
      .innerJoin(agents, eq(agents.id, actionRequests.agentId))
      .where(inArray(actionRequests.id, requestIds));
    const prior = await db.select().from(decisions).where(inArray(decisions.requestId, requestIds));
    const people = [alice, bob, erin, carol, dave, grace, user("ALICE@example.com", ["reviewers"])];
    const later = new Date(Date.now() + 3 * 3600_000);

    for (const now of [new Date(), later]) {
      for (const person of people) {
        const expected = rows
          .filter(({ request, ownerEmail, revokedAt }) =>
            canDecide(
              person,
              {
                status: request.status,
                expiresAt: request.expiresAt,
                onBehalfOf: request.onBehalfOf,
                agentOwnerEmail: ownerEmail,
                agentRevokedAt: revokedAt,
                stages: request.policyEvaluation.stages,
                breakGlass: request.policyEvaluation.breakGlass,
              },
              prior.filter((d) => d.requestId === request.id),
              now,
            ).ok,
          )
          .map(({ request }) => request.id);
        const waiting = (await ids(person, "waiting", { now })).filter((id) => requestIds.includes(id));
        expect(new Set(waiting), `${person.email} at ${now.toISOString()}`).toEqual(new Set(expected));
      }
    }
    // The matrix is not vacuous: it has both answers, and the rules that make them.
    expect(await ids(alice, "waiting")).toEqual(expect.arrayContaining([made.plain.id, made.bobsAgent.id, made.iamFresh.id]));
    expect(await ids(alice, "waiting")).not.toContain(made.forAlice.id);
    expect(await ids(alice, "waiting")).not.toContain(made.iamOneVote.id);
    expect(await ids(bob, "waiting")).not.toContain(made.bobsAgent.id);
    expect(await ids(erin, "waiting")).not.toContain(made.plain.id);
    expect(await ids(grace, "waiting")).toContain(made.iamStageTwo.id);
    expect(await ids(alice, "waiting")).not.toContain(made.iamStageTwo.id);
    expect(await ids(carol, "waiting")).toEqual([]);
    expect(await ids(alice, "approved-by-me")).toEqual(expect.arrayContaining([made.iamOneVote.id, made.iamStageTwo.id]));
    expect(await ids(alice, "waiting", { now: later })).toEqual([]);

    // A freeze stops every decision, so nothing waits for anyone until it thaws.
    await freezeApprovals(as(dave), "Incident 42");
    expect(await ids(alice, "waiting")).toEqual([]);
    await thawApprovals(as(dave));
    expect(await ids(alice, "waiting")).toContain(made.plain.id);
  });
});

describe("search, filters, sort and counts", () => {
  it("finds requests by summary, agent, action or resource, case-insensitively, with % and _ as themselves", async () => {
    const churn = await submitSample(db, agent, { summary: "Export the Churned customers of 100% of regions" });
    const byResource = await submitSample(db, bobsAgent, { summary: "Rotate a key", action: "kms.rotate", resource: "arn:aws:kms:eu-west-1:key/ledger_main" });
    expect(await ids(alice, "all", { search: { q: "CHURNED" } })).toEqual([churn.id]);
    expect(await ids(alice, "all", { search: { q: "100%" } })).toEqual([churn.id]);
    expect(await ids(alice, "all", { search: { q: "ledger_main" } })).toEqual([byResource.id]);
    expect(await ids(alice, "all", { search: { q: "ledger%main" } })).toEqual([]);
    expect(await ids(alice, "all", { search: { q: "kms.rot" } })).toEqual([byResource.id]);
    expect(await ids(alice, "all", { search: { q: "infra-b" } })).toContain(byResource.id);
    expect(await ids(alice, "all", { search: { q: "infra-b" } })).not.toContain(churn.id);
  });

  it("filters by agent, action, resource, environment, status, rule, risk and age, and counts each tab and risk level under the search", async () => {
    const staging = await submitSample(db, agent, { summary: "staging read", action: "db.read", environment: "staging", resource: "postgres://staging/orders" });
    const wildcard = await submitSample(db, agent, {
      summary: "open the bucket policy",
      action: "iam.put-policy",
      resource: "arn:aws:iam::1:policy/reports",
      parameters: { policyDocument: { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } } as never,
    });
    const [wildRow] = await db.select().from(actionRequests).where(eq(actionRequests.id, wildcard.id));
    expect(wildRow).toMatchObject({ riskRank: 3, risk: { level: "high" }, decidingGroups: ["reviewers"] });
    expect(wildRow!.risk.factors.map((f) => f.kind)).toEqual(["production", "privilege-widening"]);

    expect(await ids(alice, "all", { search: { environment: "staging" } })).toEqual([staging.id]);
    expect(await ids(alice, "all", { search: { action: "iam.put-policy", resource: "policy/reports" } })).toEqual([wildcard.id]);
    expect(await ids(alice, "all", { search: { rule: "IAM needs two reviewers, then security", risk: "high", q: "bucket" } })).toEqual([wildcard.id]);
    expect(await ids(alice, "all", { search: { rule: "default", q: "bucket policy" } })).toEqual([]);
    expect(await ids(alice, "all", { search: { agent: "infra-bot", status: "pending" } })).not.toContain(staging.id);
    expect(await ids(alice, "all", { search: { environment: "staging", age: "1h" } })).toEqual([staging.id]);
    expect(await ids(alice, "all", { search: { environment: "staging", age: "1h" }, now: new Date(Date.now() + 2 * 3600_000) })).toEqual([]);

    const page = await listQueue(db, alice, { filter: "pending", search: { q: "policy/reports" } });
    expect(page.total).toBe(1);
    expect(await countQueue(db, alice, { filter: "pending", search: { q: "policy/reports" } })).toEqual({
      filters: { waiting: 1, pending: 1, decided: 0, "follow-up": 0, "approved-by-me": 0, all: 1 },
      risk: { none: 0, low: 0, medium: 0, high: 1 },
    });
    // Risk counts leave the risk filter out (they say what choosing another level would show); tab counts keep it.
    const view = { filter: "all", search: { environment: "staging", risk: "high" } } as const;
    expect((await listQueue(db, alice, view)).total).toBe(0);
    expect((await countQueue(db, alice, view)).risk).toMatchObject({ none: 1, high: 0 });
    expect((await countQueue(db, alice, view)).filters.all).toBe(0);
  });

  it("sorts by risk, highest first, and pages through it without repeating or losing a row", async () => {
    const all = await ids(alice, "all", { sort: "risk" });
    const ranks = await db.select({ id: actionRequests.id, rank: actionRequests.riskRank }).from(actionRequests);
    const rankOf = new Map(ranks.map((r) => [r.id, r.rank]));
    const sortedRanks = all.map((id) => rankOf.get(id)!);
    expect(sortedRanks).toEqual([...sortedRanks].sort((a, b) => b - a));
    expect(new Set(sortedRanks).size).toBeGreaterThan(1);
    const walked: string[] = [];
    let page = await listQueue(db, alice, { filter: "all", sort: "risk", limit: 3 });
    walked.push(...page.items.map((i) => i.id));
    while (page.next) {
      assert.isNumber(page.next.rank);
      page = await listQueue(db, alice, { filter: "all", sort: "risk", limit: 3, after: page.next });
      walked.push(...page.items.map((i) => i.id));
    }
    expect(walked).toEqual(all);
  });
});

describe("bulk reject", () => {
  it("rejects each request through the reject verb with one reason, and reports each refusal for its request", async () => {
    const flood = [await submitSample(db, agent, { summary: "flood 1" }), await submitSample(db, agent, { summary: "flood 2" })];
    const alreadyRejected = await submitSample(db, agent, { summary: "flood 3" });
    await rejectActionRequest(as(bob), alreadyRejected.id, "first");
    const forAlice = await submitSample(db, agent, { summary: "flood 4", onBehalfOf: "alice@example.com" });
    const missing = "00000000-0000-4000-8000-000000000000";

    const outcomes = await rejectActionRequests(as(alice), [flood[0]!.id, alreadyRejected.id, forAlice.id, flood[1]!.id, missing, flood[0]!.id], "Runaway agent");
    expect(outcomes).toEqual([
      { id: flood[0]!.id, rejected: true },
      { id: alreadyRejected.id, rejected: false, code: "INVALID_STATE", reason: expect.stringContaining("rejected") },
      { id: forAlice.id, rejected: false, code: "SEPARATION_OF_DUTIES", reason: expect.stringContaining("on your behalf") },
      { id: flood[1]!.id, rejected: true },
      { id: missing, rejected: false, code: "NOT_FOUND", reason: expect.any(String) },
    ]);
    const rows = await db.select().from(actionRequests).where(inArray(actionRequests.id, [...flood.map((f) => f.id), forAlice.id]));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [flood[0]!.id]: "rejected", [flood[1]!.id]: "rejected", [forAlice.id]: "pending" });
    const reasons = await db.select().from(decisions).where(inArray(decisions.requestId, flood.map((f) => f.id)));
    expect(reasons.map((d) => [d.deciderId, d.outcome, d.reason])).toEqual([
      [alice.email, "reject", "Runaway agent"],
      [alice.email, "reject", "Runaway agent"],
    ]);
    // The refusal is on the record like any refused decision.
    const refused = await db.select().from(events).where(and(eq(events.streamId, forAlice.id), eq(events.type, "decision.refused")));
    expect(refused).toHaveLength(1);
  });

  it("rejects nothing when the reason is missing, and an auditor rejects nothing", async () => {
    const pending = await submitSample(db, agent, { summary: "flood 5" });
    await expect(rejectActionRequests(as(alice), [pending.id], "  ")).rejects.toMatchObject({ code: "VALIDATION" });
    const [outcome] = await rejectActionRequests(as(carol), [pending.id], "no");
    expect(outcome).toMatchObject({ rejected: false, code: "FORBIDDEN" });
    const [row] = await db.select().from(actionRequests).where(eq(actionRequests.id, pending.id));
    expect(row?.status).toBe("pending");
  });
});
