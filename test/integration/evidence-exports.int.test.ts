import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { events, evidenceExports } from "../../db/schema";
import { verifyEvidencePack } from "../../lib/domain/evidence-pack/verify-pack";
import { listEvidenceExports } from "../../lib/services/list-evidence-exports";
import { openEvidenceExport } from "../../lib/services/open-evidence-export";
import { purgeEvidenceExports } from "../../lib/services/purge-evidence-exports";
import { runEvidenceExport } from "../../lib/services/run-evidence-export";
import { sealEvents } from "../../lib/services/seal-events";
import { newServiceContext } from "../../lib/services/service-context";
import { startEvidenceExport } from "../../lib/services/start-evidence-export";
import { alice, carol, dave, seedAgent, submitSample } from "./fixtures";
import { sealerDatabase, useTestDatabase } from "./test-database";

// Before anything reads the configuration: this file's exports go to a folder of its own.
const EXPORT_DIR = mkdtempSync(path.join(os.tmpdir(), "countersign-exports-"));
process.env.EVIDENCE_EXPORT_DIR = EXPORT_DIR;

let db: Database;
/** Carol as a console session presents her: with the time and methods of her sign-in, which the pack's event records. */
const signedIn = { ...carol, authentication: { time: new Date(Date.now() - 60_000), methods: ["pwd"], contextClass: null } };
const lastHour = () => ({ from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 60_000) });
const sealAll = async () => {
  while ((await sealEvents(sealerDatabase())) > 0);
};

beforeAll(async () => {
  db = await useTestDatabase();
  const agent = await seedAgent(db);
  for (let i = 0; i < 5; i++) await submitSample(db, agent);
  await sealAll();
});

describe("background evidence exports", () => {
  it("are built by the worker into a 0600 file with progress, listed for their requester, downloaded once recorded, and verify", async () => {
    const started = await startEvidenceExport(newServiceContext(db, signedIn), { ...lastHour(), seed: "carol's seed" });
    expect(started).toMatchObject({ status: "queued", eventsDone: 0, eventsTotal: null, sha256: null });
    // Leaving the page loses nothing: the job is hers, listed whenever she comes back.
    expect((await listEvidenceExports(newServiceContext(db, carol))).map((e) => e.id)).toEqual([started.id]);
    expect(await listEvidenceExports(newServiceContext(db, dave))).toEqual([]);

    expect(await runEvidenceExport(db)).toBe(1);
    expect(await runEvidenceExport(db)).toBe(0);
    const [done] = await listEvidenceExports(newServiceContext(db, carol));
    expect(done).toMatchObject({ id: started.id, status: "succeeded", error: null, filename: expect.stringMatching(/^countersign-evidence-.*\.zip$/), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(done!.eventsTotal).toBeGreaterThan(5);
    expect(done!.eventsDone).toBe(done!.eventsTotal);
    const file = path.join(EXPORT_DIR, `${started.id}.zip`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const onDisk = await readFile(file);
    expect(createHash("sha256").update(onDisk).digest("hex")).toBe(done!.sha256);
    expect(done!.bytes).toBe(onDisk.length);

    const download = await openEvidenceExport(newServiceContext(db, carol), started.id);
    const bytes = new Uint8Array(await new Response(download.stream).arrayBuffer());
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(done!.sha256);
    const report = await verifyEvidencePack(bytes, { sampleSeed: "carol's seed" });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    // The pack records who exported it, as the worker built it for her: her sign-in included.
    const exported = await db.select().from(events).where(eq(events.type, "evidence.exported"));
    expect(exported.map((e) => e.actor)).toEqual([expect.objectContaining({ id: carol.id, authentication: { time: signedIn.authentication.time.toISOString(), methods: ["pwd"], contextClass: null } })]);
    const recorded = await db.select().from(events).where(eq(events.type, "evidence.downloaded"));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ streamType: "evidence", streamId: done!.sha256, actor: { kind: "user", id: carol.id }, data: { exportId: started.id, sha256: done!.sha256 } });
  });

  it("fail with an error a person can read, and leave no partial file, when the pack cannot be built", async () => {
    const started = await startEvidenceExport(newServiceContext(db, carol), lastHour());
    // An event the sealer has not chained yet (no sealer runs here): the export refuses to pack a partial log.
    await submitSample(db, await seedAgent(db));
    expect(await runEvidenceExport(db, { sealWaitMs: 50 })).toBe(1);
    const [row] = await db.select().from(evidenceExports).where(eq(evidenceExports.id, started.id));
    expect(row).toMatchObject({ status: "failed", sha256: null, leasedUntil: null, error: expect.stringMatching(/^The event log is not sealed up to this moment yet/) });
    expect(row!.finishedAt).not.toBeNull();
    await expect(stat(path.join(EXPORT_DIR, `${started.id}.zip.part`))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(openEvidenceExport(newServiceContext(db, carol), started.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await sealAll();
  });

  it("fail when the worker building them stopped (its claim ran out)", async () => {
    const started = await startEvidenceExport(newServiceContext(db, carol), lastHour());
    await db.update(evidenceExports).set({ status: "running", leasedUntil: new Date(Date.now() - 1000) }).where(eq(evidenceExports.id, started.id));
    expect(await runEvidenceExport(db)).toBe(0);
    const [row] = await db.select().from(evidenceExports).where(eq(evidenceExports.id, started.id));
    expect(row).toMatchObject({ status: "failed", error: expect.stringMatching(/stopped before it finished/) });
  });

  it("are for auditors and administrators only, and each person downloads only their own", async () => {
    await expect(startEvidenceExport(newServiceContext(db, alice), lastHour())).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listEvidenceExports(newServiceContext(db, alice))).rejects.toMatchObject({ code: "FORBIDDEN" });
    const [mine] = await db.select().from(evidenceExports).where(eq(evidenceExports.status, "succeeded"));
    await expect(openEvidenceExport(newServiceContext(db, alice), mine!.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(openEvidenceExport(newServiceContext(db, dave), mine!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(openEvidenceExport(newServiceContext(db, carol), "../../etc/passwd")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lose their file after the retention period, and stay on record", async () => {
    const [mine] = await db.select().from(evidenceExports).where(eq(evidenceExports.status, "succeeded"));
    await purgeEvidenceExports(db, new Date(Date.now() + 23 * 3600_000));
    expect((await db.select().from(evidenceExports).where(eq(evidenceExports.id, mine!.id)))[0]?.status).toBe("succeeded");
    await purgeEvidenceExports(db, new Date(Date.now() + 25 * 3600_000));
    const [expired] = await db.select().from(evidenceExports).where(eq(evidenceExports.id, mine!.id));
    expect(expired).toMatchObject({ status: "expired", sha256: mine!.sha256 });
    await expect(stat(path.join(EXPORT_DIR, `${mine!.id}.zip`))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(openEvidenceExport(newServiceContext(db, carol), mine!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

