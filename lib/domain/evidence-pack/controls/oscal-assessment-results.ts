import { createHash } from "node:crypto";
import type { CheckId } from "./control-checks";
import { populationPath } from "./populations";

export const OSCAL_PATH = "oscal/assessment-results.json";
export const OSCAL_VERSION = "1.1.2";
/** The namespace of the props Countersign adds (OSCAL's own props carry none). */
export const OSCAL_PROP_NS = "urn:countersign:evidence-pack";

export type OscalInput = {
  period: { from: string; to: string };
  issuer: string;
  /** The manifest's generatedAt: the document's last-modified, and part of every uuid, so each export is its own document. */
  generatedAt: string;
  format: string;
  checks: readonly { id: CheckId; title: string; populationSize: number; exceptions: number }[];
  controls: readonly { id: string; framework: string; title: string; checks: readonly string[]; files: readonly string[]; metric: string; result: string; integrity: boolean }[];
  /** The populations, in the manifest's order, with their row counts. */
  populations: readonly { name: string; rows: number }[];
  integrityFiles: readonly string[];
};

/** RFC 4122's URL namespace: every uuid below is a version 5 uuid of a name in it. */
const URL_NAMESPACE = Buffer.from("6ba7b8119dad11d180b400c04fd430c8", "hex");

/** A name-based (version 5, SHA-1) uuid: the same pack gives the same uuids, so verify rebuilds the file byte for byte. */
export function uuidV5(name: string): string {
  const hash = createHash("sha1").update(URL_NAMESPACE).update(name, "utf8").digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A control's result as OSCAL's finding status can say it: `satisfied` only where the pack's own tests
 * show it (effective, or nothing to test in the period); `not-satisfied` with reason `fail` for
 * exceptions; a population-only or integrity control is `not-satisfied` with reason `other`, because
 * the pack does not determine it (an auditor tests the population; `verify` re-performs integrity),
 * and its remarks say so. The pack's own wording travels in the `result` prop.
 */
function status(result: string): { state: "satisfied" | "not-satisfied"; reason: string; remarks?: string } {
  if (result === "effective") return { state: "satisfied", reason: "pass" };
  if (result === "not applicable") return { state: "satisfied", reason: "other", remarks: "Nothing in the period to test: every population of its tests is empty." };
  if (result === "exceptions") return { state: "not-satisfied", reason: "fail" };
  if (result === "population only") return { state: "not-satisfied", reason: "other", remarks: "Not determined by the pack: its populations are evidence for the auditor to test." };
  return { state: "not-satisfied", reason: "other", remarks: "Not determined by the pack, which cannot vouch for itself: `npm run cli -- verify` re-performs it." };
}

/**
 * oscal/assessment-results.json: the pack's control results as a NIST OSCAL 1.1.2 assessment-results
 * document for GRC tools that import one. One result for the period; an observation per population
 * (examined) and per test (re-performed over every event), each pointing at its files in the pack; a
 * finding per mapped control with its result, relating the observations of its populations and tests.
 * There is no OSCAL assessment plan: `import-ap` is a placeholder that says so. Derived from the same
 * figures as controls.json, so verify rebuilds it byte for byte.
 */
export function oscalAssessmentResults(input: OscalInput) {
  const { period, issuer, generatedAt } = input;
  const uuid = (role: string) => uuidV5(JSON.stringify([issuer, period.from, period.to, generatedAt, role]));
  const prop = (name: string, value: string) => ({ name, ns: OSCAL_PROP_NS, value });

  const populationObservations = input.populations.map((p) => ({
    uuid: uuid(`population ${p.name}`),
    title: `Population: ${p.name}`,
    description: `${p.rows} row(s) in ${populationPath(p.name)}, derived from the pack's events (agents: the agents table at export); the manifest gives its query, parameters and SHA-256.`,
    methods: ["EXAMINE"],
    "relevant-evidence": [{ href: populationPath(p.name), description: `The ${p.name} population.` }],
    collected: generatedAt,
  }));
  const testObservations = input.checks.map((c) => ({
    uuid: uuid(`test ${c.id}`),
    title: `Test: ${c.id}`,
    description: `${c.title}. Re-performed over every event of the period: ${c.exceptions} exception(s) in ${c.populationSize} ${c.populationSize === 1 ? "item" : "items"}.`,
    props: [prop("test", c.id)],
    methods: ["TEST"],
    "relevant-evidence": [{ href: populationPath("exceptions"), description: "Every exception found, with the request and the event that shows it." }],
    collected: generatedAt,
  }));
  const integrityObservation = {
    uuid: uuid("integrity"),
    title: "Integrity of the pack",
    description: "Every file hashed and signed; events chained and logged. Re-performed by `npm run cli -- verify`, not by the pack.",
    methods: ["TEST"],
    "relevant-evidence": input.integrityFiles.map((href) => ({ href, description: `The pack's ${href}.` })),
    collected: generatedAt,
  };

  const findings = input.controls.map((control) => {
    const related = [
      ...control.checks.map((check) => uuid(`test ${check}`)),
      ...input.populations.filter((p) => control.files.includes(populationPath(p.name)) && p.name !== "exceptions").map((p) => uuid(`population ${p.name}`)),
      ...(control.integrity ? [integrityObservation.uuid] : []),
    ];
    return {
      uuid: uuid(`finding ${control.id}`),
      title: `${control.id} ${control.title}`,
      description: control.metric,
      props: [prop("framework", control.framework), prop("result", control.result)],
      target: { type: "objective-id", "target-id": control.id, status: status(control.result) },
      ...(related.length && { "related-observations": related.map((id) => ({ "observation-uuid": id })) }),
    };
  });

  return {
    "assessment-results": {
      uuid: uuid("assessment-results"),
      metadata: {
        title: `Countersign evidence pack, ${period.from} to ${period.to}`,
        "last-modified": generatedAt,
        version: input.format,
        "oscal-version": OSCAL_VERSION,
        remarks: `Issued by ${issuer}. The control tests of controls.json, re-performed over every event of the period; verify the pack with npm run cli -- verify.`,
      },
      "import-ap": { href: "#no-assessment-plan", remarks: "Placeholder: Countersign publishes no OSCAL assessment plan; the tests are those of controls.json and docs/evidence-pack.md." },
      results: [
        {
          uuid: uuid("result"),
          title: "Control tests re-performed over every event of the period",
          description: `Requests, decisions, grants, executions, policy versions, agents and sign-ins of the period (end exclusive) as the pack's populations, and each mapped control's result (${[...new Set(input.controls.map((c) => c.framework))].join(", ")}).`,
          start: period.from,
          end: period.to,
          "reviewed-controls": { "control-selections": [{ "include-controls": input.controls.map((c) => ({ "control-id": c.id })) }] },
          observations: [...populationObservations, ...testObservations, integrityObservation],
          findings,
        },
      ],
    },
  };
}
