import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import type { Database } from "../../db/client";
import { appendEvents, type NewEvent } from "../../db/event-store";
import { parseCsv } from "../../lib/domain/csv";
import type { PackedEvent, PackManifest } from "../../lib/domain/evidence-pack/format";
import { verifyEvidencePack } from "../../lib/domain/evidence-pack/verify-pack";
import { carol, exportPackBytes, seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { asEnvironmentStratified, resign } from "./resign-pack";
import { runSealerInBackground, useTestDatabase } from "./test-database";

// Twenty-odd requests in a row: an agent's limits are not what is tested here.
vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

let db: Database;
let agent: SeededAgent;
let pack: Uint8Array;
const SEED = "strata seed";
const period = () => ({ from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 60_000) });
const text = (all: Record<string, Uint8Array>, name: string) => strFromU8(all[name] ?? new Uint8Array());

/** What each risk is asked for, through the real submit path (assessRisk decides, the test only reads). */
const ASKS = [
  { action: "db.delete", environment: "production" }, // high
  { action: "db.delete", environment: "staging" }, // medium
  { action: "db.read", environment: "production" }, // low
  { action: "db.read", environment: "staging" }, // none
];

beforeAll(async () => {
  db = await useTestDatabase();
  runSealerInBackground();
  agent = await seedAgent(db);
  // Five of each assessed risk, and seven created as a release
  // before format 5 wrote them: no risk in request.created.
  for (const ask of ASKS) for (let i = 0; i < 5; i += 1) await submitSample(db, agent, ask);
  for (let i = 0; i < 7; i += 1) {
    const event = {
      type: "request.created",
      streamType: "request",
      streamId: randomUUID(),
      actor: { kind: "agent", id: agent.id, auth: "api-key" },
      data: { agentId: agent.id, action: "db.read", resource: "r", environment: "production", summary: "older", reasoning: null, parameters: {}, context: null, change: null, onBehalfOf: null, payloadDigest: `sha256:${"b".repeat(64)}`, masking: { counts: {}, engineVersion: "1" } },
    } as NewEvent;
    await db.transaction((tx) => appendEvents(tx, [event], { now: new Date() }));
  }
  pack = await exportPackBytes(db, carol, period(), { sampleSeed: SEED });
});

describe("format 5's sample, stratified by risk and month", () => {
  it("records the assessed risk in request.created, sealed with the request", () => {
    const events = text(unzipSync(pack), "events.ndjson").trim().split("\n").map((line) => (JSON.parse(line) as PackedEvent).event);
    const created = events.filter((e) => e.type === "request.created").map((e) => (e.data as { risk?: { level: string; factors: { kind: string }[] } }).risk);
    expect(created.filter((risk) => risk?.level === "high")[0]?.factors.map((f) => f.kind)).toEqual(["production", "destructive"]);
    expect(created.filter((risk) => risk === undefined)).toHaveLength(7);
  });

  it("samples in every stratum, riskiest first, the older requests unassessed, and verify re-draws it", async () => {
    const all = unzipSync(pack);
    const manifest = JSON.parse(text(all, "manifest.json")) as PackManifest;
    expect(manifest.format).toBe("countersign-evidence-pack/5");
    const month = new Date().toISOString().slice(0, 7);
    const [header, ...strata] = parseCsv(text(all, "sample/strata.csv"));
    expect(header).toEqual(["month", "risk", "population", "sample_size"]);
    expect(strata).toEqual([
      [month, "high", "5", "2"],
      [month, "medium", "5", "2"],
      [month, "low", "5", "2"],
      [month, "none", "5", "2"],
      [month, "unassessed", "7", "2"],
    ]);
    const sample = parseCsv(text(all, "sample/sample.csv"));
    expect(sample[0]).toEqual(["month", "risk", "rank", "request_id", "draw", "case_file"]);
    expect(sample.slice(1).map((row) => `${row[1]} ${row[2]}`)).toEqual(["high 1", "high 2", "medium 1", "medium 2", "low 1", "low 2", "none 1", "none 2", "unassessed 1", "unassessed 2"]);
    const first = JSON.parse(text(all, sample[1]![5]!));
    expect(first.stratum).toEqual({ month, risk: "high" });
    expect(text(all, "report.html")).toContain("<th>Risk</th>");
    const report = await verifyEvidencePack(pack, { sampleSeed: SEED });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks.find((c) => c.name === "sample re-drawn")?.detail).toMatch(/^10 request\(s\) in 5 stratum\(s\)/);
  });

  it("is the same for the same seed", async () => {
    const again = unzipSync(await exportPackBytes(db, carol, period(), { sampleSeed: SEED }));
    for (const name of ["sample/strata.csv", "sample/sample.csv"]) expect(text(again, name)).toBe(text(unzipSync(pack), name));
  });

  it("fails verify, naming the file, when a stratum is changed and the pack re-signed", async () => {
    const all = unzipSync(pack);
    // A forger moves the older requests' stratum to "low", hashes and signs it all again.
    all["sample/strata.csv"] = strToU8(text(all, "sample/strata.csv").replace(",unassessed,", ",low,"));
    const report = await verifyEvidencePack(await resign(zipSync(all)));
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(["sample re-drawn"]);
    expect(report.checks.find((c) => c.name === "sample re-drawn")?.detail).toContain("differs from the pack's sample/strata.csv");
  });

  it("leaves format 4 packs as they were: stratified by environment, which verify re-draws", async () => {
    const all = unzipSync(pack);
    const manifest = JSON.parse(text(all, "manifest.json")) as PackManifest;
    const packed = text(all, "events.ndjson").trim().split("\n").map((line) => JSON.parse(line) as PackedEvent);
    asEnvironmentStratified(all, "countersign-evidence-pack/4", packed);
    expect(parseCsv(text(all, "sample/strata.csv")).map((row) => row[1])).toEqual(["environment", "production", "staging"]);
    const report = await verifyEvidencePack(await resign(zipSync(all)));
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    // The same files under format 5 are not what the events give (the report, which shows the
    // strata, and the proofs of the other cases differ too).
    all["manifest.json"] = strToU8(JSON.stringify({ ...(JSON.parse(text(all, "manifest.json")) as PackManifest), format: manifest.format }, null, 2));
    const relabelled = await verifyEvidencePack(await resign(zipSync(all)));
    expect(relabelled.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(["populations re-derived", "sample re-drawn", "sample proofs"]);
  });
});

