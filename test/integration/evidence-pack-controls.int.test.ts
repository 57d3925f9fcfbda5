import { beforeAll, describe, expect, it } from "vitest";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import type { Database } from "../../db/client";
import { canonicalJson, sha256Hex } from "../../lib/domain/canonical-json";
import { parseCsv } from "../../lib/domain/csv";
import { packedEventPrefix, type PackedEvent, type PackManifest } from "../../lib/domain/evidence-pack/format";
import { verifyEvidencePack } from "../../lib/domain/evidence-pack/verify-pack";
import { carol, exportPackBytes, seedAgent, type SeededAgent } from "./fixtures";
import { plantExceptionsOfEveryKind } from "./planted-exceptions";
import { asEnvironmentStratified, resign } from "./resign-pack";
import { runSealerInBackground, useTestDatabase } from "./test-database";

let db: Database;
let agent: SeededAgent;
let pack: Uint8Array;
/** The request (or policy version) each kind of exception was planted on. */
let planted: Record<string, string> = {};

beforeAll(async () => {
  db = await useTestDatabase();
  runSealerInBackground();
  agent = await seedAgent(db); // owned by erin
  planted = await plantExceptionsOfEveryKind(db, agent);
  pack = await exportPackBytes(db, carol, period(), { sampleSeed: SEED, reportPdf: true });
});

const SEED = "the auditor's seed, 2026";
const period = () => ({ from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 60_000) });

const files = () => unzipSync(pack);
const text = (all: Record<string, Uint8Array>, name: string) => strFromU8(all[name] ?? new Uint8Array());

describe("evidence pack controls", () => {
  it("finds every planted exception, of every kind, and nothing else", () => {
    const [header, ...rows] = parseCsv(text(files(), "populations/exceptions.csv"));
    expect(header).toEqual(["check", "subject", "seq", "occurred_at", "actor", "detail"]);
    const found = rows.map(([check, subject]) => `${check} ${subject}`).sort();
    const expected = Object.entries(planted).map(([kind, subject]) => `${kind.split("/")[0]} ${subject}`).sort();
    expect(found).toEqual(expected);
  });

  it("gives each control its result from those exceptions, in the matrix and its own folder", () => {
    const all = files();
    const matrix = parseCsv(text(all, "control-matrix.csv"));
    expect(matrix[0]).toEqual(["control_id", "framework", "title", "what_countersign_evidences", "files", "metric", "result", "not_yet_evidenced"]);
    const result = Object.fromEntries(matrix.slice(1).map((row) => [row[0], row[6]]));
    expect(Object.keys(result)).toEqual(["A.5.3", "A.5.15", "A.5.16", "A.5.17", "A.5.18", "A.5.28", "A.5.33", "A.8.2", "A.8.5", "A.8.11", "A.8.15", "A.8.32", "CC6.1", "CC6.2", "CC6.3", "CC8.1"]);
    for (const id of ["A.5.3", "A.5.15", "A.8.2", "A.8.32", "CC6.1", "CC6.3", "CC8.1"]) expect(result[id], id).toBe("exceptions");
    expect(result["A.5.16"]).toBe("population only");
    expect(result["A.5.28"]).toBe("re-performed by verify");
    // Where Countersign has no evidence, the matrix says so.
    expect(matrix.find((row) => row[0] === "A.8.5")?.[7]).toMatch(/MFA/);
    const segregation = parseCsv(text(all, "controls/A.5.3/A.5.3-exceptions.csv")).slice(1).map((row) => row[0]);
    expect(new Set(segregation)).toEqual(new Set(["independent-approval", "policy-second-administrator", "self-approval-refused"]));
  });

  it("lists every population in the signed manifest with its query, parameters, row count and SHA-256", () => {
    const all = files();
    const manifest = JSON.parse(text(all, "manifest.json")) as PackManifest;
    const requests = manifest.populations?.find((p) => p.name === "requests");
    expect(requests).toMatchObject({ path: "populations/requests.csv", query: expect.stringMatching(/^select .* from event_chain/), parameters: { $1: expect.any(Number), $2: expect.any(Number) } });
    expect(requests?.rows).toBe(parseCsv(text(all, "populations/requests.csv")).length - 1);
    expect(requests?.sha256).toBe(sha256Hex(all["populations/requests.csv"]!));
  });

  it("re-performs every test in verify, which prints each control's result", async () => {
    const report = await verifyEvidencePack(pack);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.controls?.find((c) => c.id === "A.5.3")?.result).toBe("exceptions");
    expect(report.controls?.find((c) => c.id === "A.5.28")?.result).toBe("integrity verified");
    expect(report.checks.find((c) => c.name === "control A.8.32")?.detail).toMatch(/^exceptions: policy-second-administrator: 1 exception\(s\) in 1; approved-digest-executed: 1 exception\(s\) in 4;/);
  });
});

describe("report.html", () => {
  it("is self-contained and states each control's result, the exceptions and the sample, as verify rebuilds it", async () => {
    const html = text(files(), "report.html");
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
    expect(html).toMatch(/<td>A\.5\.3<\/td><td>ISO\/IEC 27001:2022<\/td><td>Segregation of duties<\/td><td class="result bad">exceptions<\/td>/);
    expect(html).toContain("Exceptions (8)");
    expect(html).toContain(planted["approved-digest-executed"]);
    expect(html).toContain(SEED.replace("'", "&#39;"));
    const pdf = files()["report.pdf"];
    expect(strFromU8(pdf!.subarray(0, 5))).toBe("%PDF-");
    expect((JSON.parse(text(files(), "manifest.json")) as PackManifest).reportPdf).toBe("report.pdf");
    const tampered = await resign(zipSync({ ...files(), "report.html": strToU8(html.replace("result bad\">exceptions", "result good\">effective")) }));
    expect((await verifyEvidencePack(tampered)).checks.find((c) => c.name === "populations re-derived")).toMatchObject({ ok: false, detail: expect.stringContaining("report.html") });
  });
});

describe("oscal/assessment-results.json", () => {
  it("is in the signed manifest with each control's finding, and verify rebuilds it byte for byte", async () => {
    const all = files();
    const manifest = JSON.parse(text(all, "manifest.json")) as PackManifest;
    expect(manifest.files.map((f) => f.path)).toContain("oscal/assessment-results.json");
    const findings = JSON.parse(text(all, "oscal/assessment-results.json"))["assessment-results"].results[0].findings as { target: { "target-id": string; status: { state: string } } }[];
    expect(findings.find((f) => f.target["target-id"] === "A.5.3")?.target.status.state).toBe("not-satisfied");
    // A forger turns every failed finding into a pass.
    const forged = text(all, "oscal/assessment-results.json").replaceAll('"reason": "fail"', '"reason": "pass"');
    expect(forged).not.toBe(text(all, "oscal/assessment-results.json"));
    const report = await verifyEvidencePack(await resign(zipSync({ ...all, "oscal/assessment-results.json": strToU8(forged) })));
    expect(report.checks.find((c) => c.name === "populations re-derived")).toMatchObject({ ok: false, detail: expect.stringContaining("oscal/assessment-results.json") });
  });
});

describe("the sample", () => {
  it("is drawn from the auditor's seed, stratified, sized by the table, with a case file per sampled request", () => {
    const all = files();
    const manifest = JSON.parse(text(all, "manifest.json")) as PackManifest;
    expect(manifest.sample).toMatchObject({ seed: SEED, seedSource: "given" });
    const strata = parseCsv(text(all, "sample/strata.csv"));
    expect(strata[0]).toEqual(["month", "risk", "population", "sample_size"]);
    // Two requests submitted through the verbs (low: production, not destructive) and seven planted
    // as an older release wrote them, without a risk: two strata of 2 to 12, sized 2 each.
    const month = new Date().toISOString().slice(0, 7);
    expect(strata.slice(1)).toEqual([[month, "low", "2", "2"], [month, "unassessed", "7", "2"]]);
    const sample = parseCsv(text(all, "sample/sample.csv")).slice(1);
    expect(sample.map((row) => `${row[1]} ${row[2]}`)).toEqual(["low 1", "low 2", "unassessed 1", "unassessed 2"]);
    for (const [, , , requestId, draw, casePath] of sample) {
      const file = JSON.parse(text(all, casePath!));
      expect(file).toMatchObject({ requestId, draw, seed: SEED, request: { payloadDigest: expect.stringMatching(/^sha256:/) } });
      expect(file.timeline[0].type).toBe("request.created");
      expect(file.events.map((e: { seq: number }) => e.seq)).toEqual(file.timeline.map((t: { seq: number }) => t.seq));
    }
  });

  it("is the same for the same seed, and drawn (and recorded) when the auditor gives none", async () => {
    const again = unzipSync(await exportPackBytes(db, carol, period(), { sampleSeed: SEED }));
    expect(text(again, "sample/sample.csv")).toBe(text(files(), "sample/sample.csv"));
    const drawn = JSON.parse(text(unzipSync(await exportPackBytes(db, carol, period())), "manifest.json")) as PackManifest;
    expect(drawn.sample).toMatchObject({ seed: expect.stringMatching(/^[0-9a-f]{32}$/), seedSource: "drawn" });
  });

  it("is drawn again by verify, which also checks the seed the auditor gave", async () => {
    expect((await verifyEvidencePack(pack, { sampleSeed: SEED })).checks.filter((c) => !c.ok)).toEqual([]);
    const other = await verifyEvidencePack(pack, { sampleSeed: "another seed" });
    expect(other.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(["sample seed"]);
  });
});

describe("tampered packs fail verify, naming what changed", () => {
  const rezip = (mutate: (f: Record<string, Uint8Array>) => void) => {
    const all = files();
    mutate(all);
    return zipSync(all);
  };

  it("a changed row in a population", async () => {
    const report = await verifyEvidencePack(rezip((f) => (f["populations/executions.csv"] = strToU8(text(f, "populations/executions.csv").replace("succeeded", "failed")))));
    expect(report.ok).toBe(false);
    // The file no longer has the hash the signed manifest gives it, nor the population its SHA-256.
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(["file populations/executions.csv", "population counts"]);
    expect(report.checks.find((c) => c.name === "population counts")?.detail).toMatch(/^the manifest's executions \(/);
  });

  it("a removed exception from a control's folder and the exceptions population, re-signed by a forger with their own key", async () => {
    const forged = await resign(
      rezip((f) => {
        for (const name of ["populations/exceptions.csv", "controls/A.5.3/A.5.3-exceptions.csv"]) {
          f[name] = strToU8(text(f, name).split("\r\n").filter((line) => !line.startsWith("self-approval-refused")).join("\r\n"));
        }
      }),
    );
    const report = await verifyEvidencePack(forged);
    expect(report.ok).toBe(false);
    // Every hash and the signature hold up: only re-performing the tests over the events can tell,
    // and it names the files and every control that relies on them.
    const failed = report.checks.filter((c) => !c.ok).map((c) => c.name);
    expect(failed.slice(0, 2)).toEqual(["populations re-derived", "population counts"]);
    expect(failed).toContain("control A.5.3");
    expect(report.checks.find((c) => c.name === "populations re-derived")?.detail).toContain("populations/exceptions.csv, controls/A.5.3/A.5.3-exceptions.csv");
    expect(report.checks.find((c) => c.name === "population counts")?.detail).toMatch(/exceptions \(says 7 rows, .*found 8\)/);
    expect(report.checks.find((c) => c.name === "control A.5.3")?.detail).toContain("controls/A.5.3/A.5.3-exceptions.csv");
  });

  it("a swapped sample: a sampled request replaced by one the seed did not draw, re-signed by a forger", async () => {
    const all = files();
    const [, first, ...rest] = parseCsv(text(all, "sample/sample.csv"));
    const sampled = new Set([first, ...rest].map((row) => row![3]));
    const replacement = Object.values(planted).find((id) => !sampled.has(id) && !id.startsWith("default"))!;
    const forged = await resign(
      rezip((f) => {
        f["sample/sample.csv"] = strToU8(text(f, "sample/sample.csv").replaceAll(first![3]!, replacement));
        f[`sample/cases/${replacement}.json`] = f[`sample/cases/${first![3]}.json`]!;
        delete f[`sample/cases/${first![3]}.json`];
      }),
      { drop: [`sample/cases/${first![3]}.json`], add: [`sample/cases/${replacement}.json`] },
    );
    const report = await verifyEvidencePack(forged);
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(["sample re-drawn"]);
    expect(report.checks.find((c) => c.name === "sample re-drawn")?.detail).toContain(`sample/sample.csv, sample/cases/${first![3]}.json`);
  });

  it("a removed case file", async () => {
    const [, first] = parseCsv(text(files(), "sample/sample.csv"));
    const report = await verifyEvidencePack(rezip((f) => delete f[`sample/cases/${first![3]}.json`]));
    expect(report.checks.find((c) => c.name === `file sample/cases/${first![3]}.json`)).toMatchObject({ ok: false, detail: "missing" });
  });

  it("a removed control file", async () => {
    const report = await verifyEvidencePack(rezip((f) => delete f["controls/CC8.1/CC8.1-control.json"]));
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === "file controls/CC8.1/CC8.1-control.json")).toMatchObject({ ok: false, detail: "missing" });
  });
});

describe("events.ndjson since format 4", () => {
  it("writes each event as its canonical JSON, the very bytes its event hash and leaf are over", () => {
    const lines = text(files(), "events.ndjson").trim().split("\n");
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) {
      const packed = JSON.parse(line) as PackedEvent;
      const prefix = packedEventPrefix(packed);
      expect(line.startsWith(prefix)).toBe(true);
      const json = line.slice(prefix.length, -1);
      expect(json).toBe(canonicalJson(packed.event));
      expect(sha256Hex(json)).toBe(packed.eventHash);
    }
  });
});

/** Every key of every object in reverse order: an event as a format 3 pack could hold it (the stored jsonb's order, not the canonical one). */
const reversedKeys = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(reversedKeys) : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)])) : value;

describe("packs of the previous format", () => {
  it("still verify: a format 3 pack, its events in another key order and its files derived from them, gets every check, re-performance included", async () => {
    const all = files();
    // A format 3 export wrote each event in its stored order and derived the files from that.
    const packed = text(all, "events.ndjson").trim().split("\n").map((line) => JSON.parse(line) as PackedEvent);
    const v3 = packed.map(({ event, ...link }) => ({ ...link, event: reversedKeys(event) as PackedEvent["event"] }));
    all["events.ndjson"] = strToU8(v3.map((p) => `${JSON.stringify(p)}\n`).join(""));
    const derived = asEnvironmentStratified(all, "countersign-evidence-pack/3", v3);
    // The reordering shows in the case files, which quote the events: format 4 would not accept them
    // (its events are canonical, `actor` first).
    const quoted = Object.entries(derived).filter(([name]) => name.startsWith("sample/cases/")).map(([, content]) => JSON.parse(content).events[0].event);
    expect(quoted.map((event) => Object.keys(event)[0])).toContain("type");
    const report = await verifyEvidencePack(await resign(zipSync(all)));
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks.map((c) => c.name)).toEqual(expect.arrayContaining(["event chain", "events rebuild leaves", "populations re-derived", "sample re-drawn"]));
    expect(report.controls?.length).toBeGreaterThan(0);
  });


  it("still verify: a format 2 pack (no populations, controls, sample or report) gets every check but re-performance", async () => {
    const all = files();
    const derived = Object.keys(all).filter((n) => /^(populations\/(?!agents)|controls|sample\/|control-matrix|report|oscal\/)/.test(n));
    for (const name of derived) delete all[name];
    const manifest = JSON.parse(text(all, "manifest.json")) as PackManifest;
    const { populations: _p, sample: _s, reportPdf: _r, endsOn: _e, ...v2 } = { ...manifest, format: "countersign-evidence-pack/2" as const };
    all["manifest.json"] = strToU8(JSON.stringify(v2, null, 2));
    const report = await verifyEvidencePack(await resign(zipSync(all), { drop: derived }));
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks.map((c) => c.name)).not.toContain("populations re-derived");
    expect(report.controls).toBeNull();
  });
});
