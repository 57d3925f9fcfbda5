import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import type { HashableEvent } from "../../event-chain";
import { CONTROLS } from "./control-catalog";
import { createPackDerivation } from "./derive-pack-files";
import { OSCAL_PATH } from "./oscal-assessment-results";
import { RISK_STRATIFICATION } from "./sample";

// The official OSCAL 1.1.2 assessment-results schema (test/fixtures/oscal/SOURCE.md). Formats are not
// checked (the schema's patterns constrain the same fields); strict mode is for schemas one writes.
const schema = JSON.parse(readFileSync(join(__dirname, "../../../../test/fixtures/oscal/oscal_assessment-results_schema.json"), "utf8")) as object;
const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);

const event = (id: number, type: string, streamId: string, data: Record<string, unknown>): HashableEvent => ({
  id,
  type,
  streamType: "request",
  streamId,
  actor: { kind: "agent", id: "agent-1", auth: "api-key" },
  data,
  correlationId: "c",
  occurredAt: `2026-11-0${id}T12:00:00.000Z`,
});

/** The OSCAL file a derivation writes for a request executed without a grant, and one that was not executed. */
function derive(generatedAt = "2026-12-01T18:00:00.000Z") {
  const files = new Map<string, string>();
  const derivation = createPackDerivation(new Map([["agent-1", "erin@example.com"]]), (name, text) => files.set(name, (files.get(name) ?? "") + text), {
    seed: "s",
    period: { from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" },
    issuer: "https://countersign.example.com",
    stratification: RISK_STRATIFICATION,
    oscal: { format: "countersign-evidence-pack/5", generatedAt },
  });
  derivation.feed(1, event(1, "request.created", "r1", { agentId: "agent-1", environment: "production", payloadDigest: "sha256:a", risk: { level: "low", factors: [] } }));
  derivation.feed(2, event(2, "execution.reported", "r1", { outcome: "succeeded", grantId: "g" }));
  derivation.feed(3, event(3, "request.created", "r2", { agentId: "agent-1", environment: "staging", payloadDigest: "sha256:b" }));
  derivation.finish(1);
  return files.get(OSCAL_PATH) as string;
}

describe("oscal/assessment-results.json", () => {
  it("is valid against NIST's OSCAL 1.1.2 assessment-results schema", () => {
    const document = JSON.parse(derive());
    expect(validate(document), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    // A broken document is refused, so the check above is not vacuous.
    expect(validate({ "assessment-results": { ...document["assessment-results"], "import-ap": undefined } })).toBe(false);
    expect(validate({ "assessment-results": { ...document["assessment-results"], uuid: "not-a-uuid" } })).toBe(false);
  });

  it("has a finding per mapped control with its result, relating the observations of its populations and tests", () => {
    const result = JSON.parse(derive())["assessment-results"].results[0];
    expect(result).toMatchObject({ start: "2026-11-01T00:00:00.000Z", end: "2026-12-01T00:00:00.000Z" });
    expect(result.findings.map((f: { target: { "target-id": string } }) => f.target["target-id"])).toEqual(CONTROLS.map((c) => c.id));
    const finding = (id: string) => result.findings.find((f: { target: { "target-id": string } }) => f.target["target-id"] === id);
    // An execution without a grant: A.5.15 has an exception; A.5.16 has no test; A.5.28 is verify's.
    expect(finding("A.5.15").target.status).toEqual({ state: "not-satisfied", reason: "fail" });
    expect(finding("A.5.15").props).toContainEqual({ name: "result", ns: "urn:countersign:evidence-pack", value: "exceptions" });
    expect(finding("A.5.16").target.status).toMatchObject({ state: "not-satisfied", reason: "other" });
    expect(finding("A.5.28").target.status.remarks).toMatch(/verify/);
    const observations = new Map(result.observations.map((o: { uuid: string; "relevant-evidence": { href: string }[] }) => [o.uuid, o["relevant-evidence"].map((e) => e.href)]));
    const evidence = finding("A.5.15")["related-observations"].flatMap((r: { "observation-uuid": string }) => observations.get(r["observation-uuid"]));
    expect(new Set(evidence)).toEqual(new Set(["populations/exceptions.csv", "populations/requests.csv", "populations/grants.csv", "populations/executions.csv"]));
  });

  it("is the same bytes for the same pack, and another document (other uuids) for another export", () => {
    expect(derive()).toBe(derive());
    const other = JSON.parse(derive("2026-12-01T18:00:01.000Z"))["assessment-results"];
    expect(other.uuid).not.toBe(JSON.parse(derive())["assessment-results"].uuid);
    expect(other.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
