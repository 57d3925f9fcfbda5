import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import type { Actor } from "../../lib/domain/actor";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { cancelActionRequest } from "../../lib/services/cancel-action-request";
import { ServiceError } from "../../lib/services/errors";
import { readAuditOverview } from "../../lib/services/read-audit-overview";
import { rejectActionRequest } from "../../lib/services/reject-action-request";
import { newServiceContext } from "../../lib/services/service-context";
import { submitActionRequest } from "../../lib/services/submit-action-request";
import { alice, bob, carol, dave, erin, sampleRequest, seedAgent, type SeededAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";

let db: Database;
let agent: SeededAgent;
const MINUTE = 60_000;
const t0 = new Date(Date.now() - 120 * MINUTE);
const at = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);
const as = <A extends Actor>(actor: A, minutes: number) => newServiceContext(db, actor, at(minutes));
const submit = async (minutes: number, overrides: Partial<typeof sampleRequest> = {}) =>
  (await submitActionRequest(as(agent.actor, minutes), { ...sampleRequest, ...overrides }, randomUUID())).view.id;
const lastDay = () => ({ from: new Date(Date.now() - 24 * 60 * MINUTE), to: new Date(Date.now() + MINUTE) });

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
  // Forty days before: outside the last day, inside a 90-day period.
  await submit(-40 * 24 * 60, { environment: "staging" });
  const approved = await submit(0);
  await approveActionRequest(as(alice, 10), approved, "Read-only export");
  const rejected = await submit(0, { environment: "staging" });
  await rejectActionRequest(as(bob, 30), rejected, "Not this quarter");
  const pending = await submit(0);
  // The agent's owner may not approve: refused, and the attempt is recorded.
  await expect(approveActionRequest(as(erin, 5), pending)).rejects.toMatchObject({ code: "SEPARATION_OF_DUTIES" });
  await cancelActionRequest(as(agent.actor, 1), await submit(0));
});

describe("the auditor's overview", () => {
  it("counts the period's requests by outcome, day, rule and environment, and leaves older ones out", async () => {
    const overview = await readAuditOverview(newServiceContext(db, carol), lastDay());
    expect(overview.totals).toEqual({ pending: 1, approved: 1, rejected: 1, expired: 0, cancelled: 1, executed: 0, failed: 0 });
    expect(overview.days).toEqual([{ key: t0.toISOString().slice(0, 10), counts: overview.totals, total: 4 }]);
    expect(overview.byRule.map(({ key, total }) => ({ key, total }))).toEqual([{ key: "default", total: 4 }]);
    expect(overview.byEnvironment.map(({ key, counts }) => ({ key, approved: counts.approved, rejected: counts.rejected }))).toEqual([
      { key: "production", approved: 1, rejected: 0 },
      { key: "staging", approved: 0, rejected: 1 },
    ]);
    const ninety = await readAuditOverview(newServiceContext(db, carol), { from: new Date(Date.now() - 90 * 24 * 60 * MINUTE), to: new Date() });
    expect(ninety.days).toHaveLength(2);
    expect(ninety.byEnvironment.find(({ key }) => key === "staging")?.counts.pending).toBe(1);
  });

  it("times the decisions people made, not cancellations, and buckets them", async () => {
    const { decisionTime } = await readAuditOverview(newServiceContext(db, dave), lastDay());
    expect(decisionTime.decided).toBe(2);
    expect(decisionTime.p50Seconds).toBeCloseTo(20 * 60, 0);
    expect(decisionTime.p90Seconds).toBeCloseTo(28 * 60, 0);
    expect(decisionTime.buckets.filter(({ count }) => count > 0)).toEqual([
      { label: "5–15 min", count: 1 },
      { label: "15–60 min", count: 1 },
    ]);
  });

  it("lists refused decision attempts by code", async () => {
    const { refusedAttempts, breakGlass } = await readAuditOverview(newServiceContext(db, carol), lastDay());
    expect(refusedAttempts).toEqual([{ code: "SEPARATION_OF_DUTIES", count: 1 }]);
    expect(breakGlass).toEqual({ approvals: 0, openFollowUps: 0 });
  });

  it("is for auditors and administrators only, and refuses a period that ends before it starts or spans too long", async () => {
    const refusal = await readAuditOverview(newServiceContext(db, alice), lastDay()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ServiceError);
    expect(refusal).toMatchObject({ code: "FORBIDDEN" });
    const now = new Date();
    await expect(readAuditOverview(newServiceContext(db, carol), { from: now, to: now })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(readAuditOverview(newServiceContext(db, carol), { from: new Date(now.getTime() - 500 * 24 * 60 * MINUTE), to: now })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });
});
