import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { appendEvents } from "../../db/event-store";
import { controlDays } from "../../lib/domain/audit/control-results";
import { parseCsv } from "../../lib/domain/csv";
import type { RecordedActor } from "../../lib/domain/recorded-actor";
import { materialiseControlResults } from "../../lib/services/materialise-control-results";
import { readAuditOverview } from "../../lib/services/read-audit-overview";
import { newServiceContext } from "../../lib/services/service-context";
import { carol, exportPackBytes, seedAgent } from "./fixtures";
import { plantExceptionsOfEveryKind } from "./planted-exceptions";
import { runSealerInBackground, useTestDatabase } from "./test-database";

let db: Database;
let planted: Record<string, string>;
const lastHour = () => ({ from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 60_000) });

/** What a pack over the same whole days finds: its controls.json and its exceptions population. */
async function packOver(period: { from: Date; to: Date }) {
  // The export waits for the sealer, so everything planted is sealed when it returns.
  const files = unzipSync(await exportPackBytes(db, carol, controlDays(period)));
  const summary = JSON.parse(strFromU8(files["controls.json"]!)) as { checks: { id: string; populationSize: number; exceptions: number }[]; controls: { id: string; result: string }[] };
  const exceptions = parseCsv(strFromU8(files["populations/exceptions.csv"]!)).slice(1).map(([check, subject]) => `${check} ${subject}`);
  return { summary, exceptions: exceptions.sort() };
}

/** What the worker does: feeds every sealed event through the tests; small batches, so the facts of open requests cross batches. */
async function materialiseAll() {
  let fed = 0;
  for (let n; (n = await materialiseControlResults(db, { batchSize: 3 })) > 0; ) fed += n;
  return fed;
}

beforeAll(async () => {
  db = await useTestDatabase();
  runSealerInBackground();
  planted = await plantExceptionsOfEveryKind(db, await seedAgent(db));
});

describe("control results on the auditor's overview", () => {
  it("gives each mapped control the status, figures and exceptions a pack over the same days gives", async () => {
    const pack = await packOver(lastHour());
    expect(await materialiseAll()).toBeGreaterThan(20);
    const { controls } = await readAuditOverview(newServiceContext(db, carol), lastHour());

    expect(controls.days).toEqual({ from: controlDays(lastHour()).from.toISOString(), to: controlDays(lastHour()).to.toISOString() });
    expect(controls.through.seq).toBe(controls.through.sealed);
    expect(controls.controls.map((c) => [c.id, c.result])).toEqual(pack.summary.controls.map((c) => [c.id, c.result]));
    expect(controls.checks.map((c) => [c.id, c.population, c.exceptions])).toEqual(pack.summary.checks.map((c) => [c.id, c.populationSize, c.exceptions]));
    const result = Object.fromEntries(controls.controls.map((c) => [c.id, c.result]));
    for (const id of ["A.5.3", "A.5.15", "A.8.2", "A.8.32", "CC6.1", "CC6.3", "CC8.1"]) expect(result[id], id).toBe("exceptions");
    expect(result["A.5.16"]).toBe("population only");
    expect(controls.controls.find((c) => c.id === "A.8.5")?.notYetEvidenced).toMatch(/MFA/);

    // Every kind of exception, each once, exactly the pack's; a request's links to its timeline.
    const listed = controls.exceptions.map((e) => `${e.check} ${e.subject}`).sort();
    expect(listed).toEqual(pack.exceptions);
    expect(listed).toEqual(Object.entries(planted).map(([kind, subject]) => `${kind.split("/")[0]} ${subject}`).sort());
    expect(controls.exceptionCount).toBe(8);
    for (const e of controls.exceptions) expect(e.requestId).toBe(e.check === "policy-second-administrator" ? null : e.subject);
  });

  it("counts each event once however often the worker runs, and a follow-up reviewed later closes its exception", async () => {
    expect(await materialiseAll()).toBe(0);
    const request = planted["break-glass-follow-up"]!;
    const alice: RecordedActor = { kind: "user", id: "alice@example.com", auth: "oidc-session", groups: ["reviewers"] };
    const append = (type: `${string}.${string}`, data: Record<string, unknown>) => db.transaction((tx) => appendEvents(tx, [{ type, streamType: "request", streamId: request, actor: alice, data }], { now: new Date() }));
    // A later event on the request, in a batch of its own: the open follow-up, read back from storage, stays open.
    await append("comment.added", { commentId: "c-1", body: "Looking at it" });
    await packOver(lastHour());
    await materialiseAll();
    const open = (await readAuditOverview(newServiceContext(db, carol), lastHour())).controls;
    expect(open.exceptions.filter((e) => e.subject === request).map((e) => e.check)).toEqual(["break-glass-follow-up"]);

    await append("break_glass.confirmed", { confirmations: 1, requiredConfirmations: 1 });
    const pack = await packOver(lastHour());
    await materialiseAll();
    const { controls } = await readAuditOverview(newServiceContext(db, carol), lastHour());
    expect(controls.exceptions.map((e) => e.subject)).not.toContain(request);
    expect(controls.checks.find((c) => c.id === "break-glass-follow-up")).toMatchObject({ population: 1, exceptions: 0 });
    expect(controls.checks.map((c) => [c.id, c.population, c.exceptions])).toEqual(pack.summary.checks.map((c) => [c.id, c.populationSize, c.exceptions]));
    expect(controls.exceptions.map((e) => `${e.check} ${e.subject}`).sort()).toEqual(pack.exceptions);
  });

  it("leaves out days outside the period", async () => {
    const { controls } = await readAuditOverview(newServiceContext(db, carol), { from: new Date(Date.now() - 10 * 86_400_000), to: new Date(Date.now() - 3 * 86_400_000) });
    expect(controls.exceptions).toEqual([]);
    expect(controls.checks.every((c) => c.population === 0)).toBe(true);
    expect(controls.controls.find((c) => c.id === "A.5.3")?.result).toBe("not applicable");
  });
});
