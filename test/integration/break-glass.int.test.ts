import { asc, count, eq } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { actionRequests, decisions, events, grants } from "../../db/schema";
import type { UserActor } from "../../lib/domain/actor";
import { breakGlassActionRequest } from "../../lib/services/break-glass-action-request";
import { confirmBreakGlass } from "../../lib/services/confirm-break-glass";
import { ServiceError } from "../../lib/services/errors";
import { getActionRequest } from "../../lib/services/get-action-request";
import { getRequestDetail } from "../../lib/services/get-request-detail";
import { listQueue } from "../../lib/services/list-queue";
import { newServiceContext } from "../../lib/services/service-context";
import { alice, bob, carol, installPolicy, seedAgent, submitSample, user, type SeededAgent, exportPackBytes } from "./fixtures";
import { runSealerInBackground, useTestDatabase } from "./test-database";

/**
 * Break-glass through the verbs on a real PostgreSQL: one eligible person approves alone with a reason,
 * the grant is issued at once and flagged, the follow-up review stays open (and listed) until two other
 * people confirm it, and every refusal is one decision.refused event that changes nothing else.
 */
let db: Database;
let agent: SeededAgent;
const dan = user("dan@example.com", ["reviewers", "oncall"]);

beforeAll(async () => {
  db = await useTestDatabase();
  // Evidence packs hold only sealed events.
  runSealerInBackground();
  agent = await seedAgent(db);
  await installPolicy(db, {
    name: "Break-glass",
    rules: [{ name: "exports need two, or oncall in an emergency", match: { action: ["db.export"] }, outcome: "require", stages: [{ approvals: 2, groups: ["reviewers"] }], breakGlass: { groups: ["oncall"] } }],
    default: { outcome: "require", stages: [{ approvals: 1, groups: ["reviewers"] }] },
  });
});

async function snapshot(requestId: string) {
  const [request] = await db.select().from(actionRequests).where(eq(actionRequests.id, requestId));
  return {
    request,
    decisions: await db.select().from(decisions).where(eq(decisions.requestId, requestId)).orderBy(asc(decisions.id)),
    grants: await db.select().from(grants).where(eq(grants.requestId, requestId)),
    events: (await db.select({ n: count() }).from(events))[0]!.n,
  };
}

/** Runs the attempt, expects its refusal, and checks it left exactly one decision.refused event and nothing else. */
async function refusedOnce(attempt: (ctx: ReturnType<typeof newServiceContext<UserActor>>) => Promise<unknown>, actor: UserActor, requestId: string, outcome: string, code: string) {
  const before = await snapshot(requestId);
  const ctx = newServiceContext(db, actor);
  const error = await attempt(ctx).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ServiceError);
  expect((error as ServiceError).code).toBe(code);
  expect(await snapshot(requestId)).toEqual({ ...before, events: before.events + 1 });
  const recorded = await db.select().from(events).where(eq(events.correlationId, ctx.requestId));
  expect(recorded).toMatchObject([{ type: "decision.refused", streamId: requestId, actor: { id: actor.email }, data: { outcome, code, reason: (error as ServiceError).message } }]);
  return (error as ServiceError).message;
}

const queueIds = async (filter: "follow-up" | "pending") => (await listQueue(db, alice, { filter })).items.map((item) => item.id);

describe("break-glass", () => {
  it("approves alone at once with a flagged grant, and keeps the follow-up open until two others confirm it", async () => {
    const { id } = await submitSample(db, agent);

    // Not allowed to someone outside the rule's break-glass groups, nor without a reason.
    expect(await refusedOnce((ctx) => breakGlassActionRequest(ctx, id, "urgent"), alice, id, "break-glass", "FORBIDDEN")).toContain("Only members of oncall");
    const before = await snapshot(id);
    await expect(breakGlassActionRequest(newServiceContext(db, dan), id, "   ")).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await snapshot(id)).toEqual(before);

    const result = await breakGlassActionRequest(newServiceContext(db, dan), id, "Outage; the key ghp_0123456789abcdefghijklmnopqrstuvwxyzAB leaked");
    expect(result).toEqual({ status: "approved", approvals: 1, requiredApprovals: 2, breakGlass: true });
    const after = await snapshot(id);
    expect(after.decisions).toMatchObject([{ deciderId: dan.email, outcome: "approve", breakGlass: true, reason: expect.not.stringContaining("ghp_0123") }]);
    expect(decodeJwt(after.grants[0]!.jws)).toMatchObject({ sub: id, approvers: [dan.email], breakGlass: true });
    expect(after.request!.breakGlass).toMatchObject({ approver: dan.email, followUp: "open", confirmations: [] });
    const types = (await db.select().from(events).where(eq(events.streamId, id)).orderBy(asc(events.id))).map((e) => e.type);
    expect(types.slice(-3)).toEqual(["decision.break_glass", "request.approved", "grant.issued"]);

    // The agent sees it flagged; the queue lists it under follow-up; the page offers Confirm to others only.
    const view = await getActionRequest(db, agent.actor, id);
    expect(view).toMatchObject({ status: "approved", breakGlass: { approver: dan.email, followUp: { status: "open", confirmations: [], requiredConfirmations: 2 } }, decisions: [{ breakGlass: true }] });
    expect(await queueIds("follow-up")).toContain(id);
    expect((await getRequestDetail(db, bob, id)).viewer.confirmBreakGlass).toEqual({ allowed: true, reason: null });
    expect((await getRequestDetail(db, dan, id)).viewer.confirmBreakGlass).toMatchObject({ allowed: false });

    // The approver, the agent's owner and an auditor may not confirm; each attempt is recorded.
    expect(await refusedOnce((ctx) => confirmBreakGlass(ctx, id), dan, id, "confirm-break-glass", "SEPARATION_OF_DUTIES")).toContain("You broke the glass");
    await refusedOnce((ctx) => confirmBreakGlass(ctx, id), user("erin@example.com", ["reviewers"]), id, "confirm-break-glass", "SEPARATION_OF_DUTIES");
    await refusedOnce((ctx) => confirmBreakGlass(ctx, id), carol, id, "confirm-break-glass", "FORBIDDEN");

    expect(await confirmBreakGlass(newServiceContext(db, alice), id)).toEqual({ followUp: "open", confirmations: 1 });
    await refusedOnce((ctx) => confirmBreakGlass(ctx, id), alice, id, "confirm-break-glass", "SEPARATION_OF_DUTIES");
    expect(await queueIds("follow-up")).toContain(id);
    expect(await confirmBreakGlass(newServiceContext(db, bob), id)).toEqual({ followUp: "closed", confirmations: 2 });
    expect(await queueIds("follow-up")).not.toContain(id);
    const [closed] = await db.select().from(actionRequests).where(eq(actionRequests.id, id));
    expect(closed!.breakGlass).toMatchObject({ followUp: "closed", confirmations: [{ confirmer: alice.email }, { confirmer: bob.email }] });
    await refusedOnce((ctx) => confirmBreakGlass(ctx, id), user("zoe@example.com", ["reviewers"]), id, "confirm-break-glass", "INVALID_STATE");
  });

  it("is flagged in evidence packs: the decision, the request's follow-up, and both kinds of event", async () => {
    const { id } = await submitSample(db, agent, { summary: "flagged in the pack" });
    await breakGlassActionRequest(newServiceContext(db, dan), id, "Outage");
    await confirmBreakGlass(newServiceContext(db, alice), id);
    const files = unzipSync((await exportPackBytes(db, carol, { from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 60_000) })));
    const rows = (name: string) => strFromU8(files[name]!).trim().split("\r\n").map((line) => line.split(","));
    const [decisionHeader, ...decisionRows] = rows("populations/decisions.csv");
    const decided = decisionRows.filter((row) => row[decisionHeader!.indexOf("request_id")] === id).map((row) => row[decisionHeader!.indexOf("type")]);
    expect(decided).toEqual(["decision.break_glass"]);
    const [glassHeader, ...glassRows] = rows("populations/break-glass.csv");
    expect(glassRows.filter((row) => row[glassHeader!.indexOf("request_id")] === id).map((row) => row[glassHeader!.indexOf("type")])).toEqual(["decision.break_glass", "break_glass.confirmed"]);
    // One confirmation of two: the follow-up is still open at the end of the period, an exception.
    const [, ...exceptionRows] = rows("populations/exceptions.csv");
    expect(exceptionRows.filter((row) => row[1] === id).map((row) => row[0])).toEqual(["break-glass-follow-up"]);
    const types = strFromU8(files["events.ndjson"]!).trim().split("\n").map((line) => JSON.parse(line).event.type);
    expect(types).toEqual(expect.arrayContaining(["decision.break_glass", "break_glass.confirmed"]));
  });

  it("is refused on a settled request, and where the matched rule does not allow it", async () => {
    const { id } = await submitSample(db, agent);
    await breakGlassActionRequest(newServiceContext(db, dan), id, "Outage");
    await refusedOnce((ctx) => breakGlassActionRequest(ctx, id, "again"), user("fay@example.com", ["oncall"]), id, "break-glass", "INVALID_STATE");

    const other = await submitSample(db, agent, { action: "db.read" });
    expect(await refusedOnce((ctx) => breakGlassActionRequest(ctx, other.id, "Outage"), dan, other.id, "break-glass", "FORBIDDEN")).toContain("does not allow break-glass");
    expect((await getRequestDetail(db, dan, other.id)).viewer.breakGlass).toBeNull();
    await refusedOnce((ctx) => confirmBreakGlass(ctx, other.id), alice, other.id, "confirm-break-glass", "INVALID_STATE");
  });
});
