import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { actionRequests, comments, decisions, events, grants, notifications, users } from "../../db/schema";
import { parseRequestEvent, REQUEST_EVENT_SCHEMAS, type RequestEvent } from "../../lib/domain/request/request-events";
import { addComment } from "../../lib/services/add-comment";
import { resolveComment } from "../../lib/services/resolve-comment";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { breakGlassActionRequest } from "../../lib/services/break-glass-action-request";
import { confirmBreakGlass } from "../../lib/services/confirm-break-glass";
import { cancelActionRequest } from "../../lib/services/cancel-action-request";
import { expirePendingRequests } from "../../lib/services/expire-pending-requests";
import { projectRequestEvents } from "../../lib/services/project-request-events";
import { rejectActionRequest } from "../../lib/services/reject-action-request";
import { reportExecution } from "../../lib/services/report-execution";
import { revokeAgent } from "../../lib/services/revoke-agent";
import { newServiceContext } from "../../lib/services/service-context";
import { alice, bob, dave, erin, seedAgent, submitSample, type SeededAgent, installPolicy, quorumDocument, user } from "./fixtures";
import { proposePolicyChange } from "../../lib/services/propose-policy-change";
import { freezeApprovals, thawApprovals } from "../../lib/services/freeze-approvals";
import { ownerDatabase, useTestDatabase } from "./test-database";

/**
 * The events are the truth: after a mixed workload, the read models rebuilt from the log alone (every
 * request's stream through the same projector the verbs use, into emptied tables) equal the live ones,
 * ids, statuses and timestamps included.
 */
let db: Database;
let agent: SeededAgent;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

async function usePolicy(requiredApprovals: number) {
  await installPolicy(db, quorumDocument(requiredApprovals));
}

const as = <A extends Parameters<typeof newServiceContext>[1]>(actor: A) => newServiceContext(db, actor);
const grantOf = async (id: string) => (await db.select().from(grants).where(eq(grants.requestId, id)))[0]!.jws;

async function readModels() {
  return {
    actionRequests: await db.select().from(actionRequests).orderBy(asc(actionRequests.id)),
    decisions: await db.select().from(decisions).orderBy(asc(decisions.id)),
    comments: await db.select().from(comments).orderBy(asc(comments.id)),
    grants: await db.select().from(grants).orderBy(asc(grants.id)),
    notifications: await db.select().from(notifications).orderBy(asc(notifications.commentId), asc(notifications.recipient)),
  };
}

/** Every request's stream, in log order, through the verbs' projector, in one transaction. */
async function replayLog() {
  const rows = await db.select().from(events).where(eq(events.streamType, "request")).orderBy(asc(events.id));
  const streams = new Map<string, RequestEvent[]>();
  for (const row of rows) {
    const event = parseRequestEvent(row);
    streams.set(event.requestId, [...(streams.get(event.requestId) ?? []), event]);
  }
  await db.transaction(async (tx) => {
    for (const stream of streams.values()) await projectRequestEvents(tx, null, stream);
  });
  return rows;
}

describe("replaying the event log", () => {
  it("rebuilds action_requests, decisions, comments, notifications and grants exactly as the verbs wrote them", async () => {
    // Expiry first, with a sweep past its time to live, while nothing else is pending.
    const lapsed = await submitSample(db, agent);
    expect(await expirePendingRequests(newServiceContext(db, { kind: "system", id: "worker" }, new Date(Date.now() + 86_400_000)))).toBe(1);

    await usePolicy(2);
    const executed = await submitSample(db, agent, { summary: "approved by two, then run" });
    await approveActionRequest(as(alice), executed.id, "fine by me");
    await addComment(as(bob), executed.id, "Looks right; the token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB must not show");
    await approveActionRequest(as(bob), executed.id);
    await reportExecution(as(agent.actor), executed.id, { outcome: "succeeded", detail: "exported 1204 rows", grant: await grantOf(executed.id) });

    const rejected = await submitSample(db, agent, { summary: "one approval, then a rejection" });
    await approveActionRequest(as(alice), rejected.id);
    await rejectActionRequest(as(bob), rejected.id, "Not during the freeze");

    const discussed = await submitSample(db, agent, { summary: "still pending, with a thread" });
    // A question that mentions bob (who has signed in), his reply in its thread, and the question answered.
    await db.insert(users).values({ id: randomUUID(), email: bob.email, groups: bob.groups });
    const question = await addComment(as(alice), discussed.id, "Which ticket, @bob?");
    await addComment(as(bob), discussed.id, "OPS-1234", { replyTo: question.id });
    await resolveComment(as(alice), discussed.id, question.id);
    // The last event of this stream is a refused attempt: replay must not let it touch the row.
    await expect(approveActionRequest(as(erin), discussed.id)).rejects.toMatchObject({ code: "SEPARATION_OF_DUTIES" });

    const withdrawn = await submitSample(db, agent, { summary: "withdrawn" });
    await cancelActionRequest(as(agent.actor), withdrawn.id);

    await usePolicy(0);
    const automatic = await submitSample(db, agent, { summary: "approved by the policy" });
    await reportExecution(as(agent.actor), automatic.id, { outcome: "failed", detail: "timed out", grant: await grantOf(automatic.id) });

    await usePolicy(1);
    const doomed = await seedAgent(db);
    const orphaned = await submitSample(db, doomed, { summary: "its agent is revoked" });
    await revokeAgent(as(dave), doomed.id);

    // A policy document decides: a denial, and approvals in two stages.
    await installPolicy(db, {
      name: "Staged",
      rules: [
        { name: "no drops", match: { action: ["db.drop*"] }, outcome: "deny", message: "Not through agents." },
        { name: "iam in two stages", match: { action: ["iam.*"] }, outcome: "require", stages: [{ approvals: 1, groups: ["reviewers"] }, { approvals: 1, groups: ["security"] }] },
        { name: "urgent, with break-glass", match: { action: ["ops.urgent"] }, outcome: "require", stages: [{ approvals: 2, groups: ["reviewers"] }], breakGlass: { groups: ["oncall"] } },
      ],
      default: { outcome: "require", stages: [{ approvals: 1, groups: ["reviewers"] }] },
    });
    const denied = await submitSample(db, agent, { action: "db.drop_table", summary: "denied by a rule" });
    const staged = await submitSample(db, agent, { action: "iam.role.attach", summary: "two stages" });
    await approveActionRequest(as(alice), staged.id);
    // Refused attempts are recorded (decision.refused) and must leave the rebuilt rows as they are.
    await expect(approveActionRequest(as(alice), staged.id)).rejects.toMatchObject({ code: "SEPARATION_OF_DUTIES" });
    await expect(approveActionRequest(as(bob), staged.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await approveActionRequest(as(user("grace@example.com", ["security"])), staged.id);
    // Break-glass: one approval alone, a refused confirmation by its approver, two confirmations by others, then the run.
    const dan = user("dan@example.com", ["reviewers", "oncall"]);
    const brokenGlass = await submitSample(db, agent, { action: "ops.urgent", summary: "approved by break-glass" });
    await approveActionRequest(as(alice), brokenGlass.id);
    await breakGlassActionRequest(as(dan), brokenGlass.id, "Outage; nobody else reachable");
    await expect(confirmBreakGlass(as(dan), brokenGlass.id)).rejects.toMatchObject({ code: "SEPARATION_OF_DUTIES" });
    await confirmBreakGlass(as(bob), brokenGlass.id);
    await reportExecution(as(agent.actor), brokenGlass.id, { outcome: "succeeded", detail: "done", grant: await grantOf(brokenGlass.id) });
    await confirmBreakGlass(as(user("grace@example.com", ["reviewers", "security"])), brokenGlass.id);
    // A policy change, approved by another administrator.
    // The linter counts reviewers from sign-ins: alice has signed in.
    await db.insert(users).values({ id: randomUUID(), email: alice.email, groups: alice.groups });
    const change = await proposePolicyChange(as({ kind: "system", id: "cli" }), { document: quorumDocument(1), authorEmail: dave.email });
    await approveActionRequest(as(user("frank@example.com", ["admins"])), change.id);
    // A request made during a freeze is rejected with its message.
    await freezeApprovals(as(dave), "Incident 42");
    const frozen = await submitSample(db, agent, { summary: "during a freeze" });
    await thawApprovals(as(dave));

    const live = await readModels();
    expect(new Map(live.actionRequests.map((r) => [r.id, r.status]))).toEqual(
      new Map([
        [lapsed.id, "expired"],
        [executed.id, "executed"],
        [rejected.id, "rejected"],
        [discussed.id, "pending"],
        [withdrawn.id, "cancelled"],
        [automatic.id, "failed"],
        [orphaned.id, "cancelled"],
        [denied.id, "rejected"],
        [staged.id, "approved"],
        [brokenGlass.id, "executed"],
        [change.id, "approved"],
        [frozen.id, "rejected"],
      ]),
    );
    expect(live.decisions).toHaveLength(12);
    expect(live.comments).toHaveLength(3);
    expect(live.notifications.map((n) => [n.recipient, n.kind])).toEqual(expect.arrayContaining([[bob.email, "mention"], [alice.email, "reply"]]));
    expect(live.grants).toHaveLength(5);
    expect(live.actionRequests.find((r) => r.id === brokenGlass.id)!.breakGlass).toMatchObject({ followUp: "closed", confirmations: [{ confirmer: bob.email }, { confirmer: "grace@example.com" }] });

    await ownerDatabase().execute(sql`truncate table grants, decisions, comments, notifications, request_views, action_requests`);
    expect((await readModels()).actionRequests).toHaveLength(0);
    const replayed = await replayLog();

    expect(new Set(replayed.map((e) => e.type))).toEqual(new Set(Object.keys(REQUEST_EVENT_SCHEMAS)));
    expect(await readModels()).toEqual(live);
  });

  it("replays events stored before decisions carried their ids and names", async () => {
    const view = await submitSample(db, agent);
    const requestEvents = await db.select().from(events).where(eq(events.streamId, view.id)).orderBy(asc(events.id));
    // As the first release wrote them: no hashes on the request, no ids or names on the decision.
    const legacy = requestEvents.map((row) => {
      const { idempotencyKey: _key, bodyHash: _hash, ...data } = row.data;
      return parseRequestEvent({ ...row, data });
    });
    const decided: RequestEvent = {
      type: "decision.approved",
      requestId: view.id,
      actor: { kind: "user", id: alice.email, auth: "oidc-session", groups: alice.groups },
      occurredAt: new Date(),
      data: { reason: null, approvals: 1, requiredApprovals: 2 },
    };
    await ownerDatabase().execute(sql`truncate table grants, decisions, comments, notifications, request_views, action_requests`);
    const state = await db.transaction((tx) => projectRequestEvents(tx, null, [...legacy, decided]));
    expect(state).toMatchObject({ status: "pending", idempotencyKey: `unrecorded:${view.id}`, decisions: [{ deciderId: alice.email, outcome: "approve" }] });
    const [row] = await db.select().from(decisions).where(eq(decisions.requestId, view.id));
    expect(row).toMatchObject({ deciderId: alice.email, deciderKind: "user", deciderName: null });
    expect(row!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("correlation ids", () => {
  it("are the id of the call that wrote the events, whatever its form", async () => {
    await usePolicy(1);
    const view = await submitSample(db, agent);
    const call = { ...as(alice), requestId: `trace.${randomUUID().slice(0, 8)}-approve` };
    await approveActionRequest(call, view.id);
    const written = await db.select().from(events).where(eq(events.correlationId, call.requestId)).orderBy(asc(events.id));
    expect(written.map((e) => e.type)).toEqual(["decision.approved", "request.approved", "grant.issued"]);
  });
});
