import { csvLine } from "../../csv";
import type { HashableEvent } from "../../event-chain";
import { CONTROLS, controlFolder, controlMetric, controlResult } from "./control-catalog";
import { CHECKS, CHECK_IDS, createControlRun, type AgentOwners, type CheckId, type ControlException } from "./control-checks";
import { EVENT_POPULATIONS, EXCEPTIONS_HEADER, populationPath, populationsByType } from "./populations";
import { OSCAL_PATH, oscalAssessmentResults } from "./oscal-assessment-results";
import { caseFile, createSampler, type Stratification } from "./sample";
import { REPORT_EXCEPTIONS, reportHtml } from "./report-html";

/** Receives a derived file's text piece by piece, in order: the export writes it, verify hashes it. */
export type DerivedFileSink = (path: string, text: string) => void;

export const EXCEPTIONS_PATH = populationPath("exceptions");
export const CONTROLS_SUMMARY_PATH = "controls.json";
export const CONTROL_MATRIX_PATH = "control-matrix.csv";
const controlExceptionsPath = (id: string) => `${controlFolder(id)}${id}-exceptions.csv`;
const controlSummaryPath = (id: string) => `${controlFolder(id)}${id}-control.json`;
export const SAMPLE_PATH = "sample/sample.csv";
export const STRATA_PATH = "sample/strata.csv";
export const casePath = (requestId: string) => `sample/cases/${requestId}.json`;
export const REPORT_PATH = "report.html";

/**
 * What the derivation reads from the manifest besides the events: the report's heading, the sample's
 * seed, and from the format what the sample is stratified by and whether it writes the OSCAL
 * assessment results (format 5: null before), dated by the manifest's generatedAt.
 */
export type DerivationContext = {
  seed: string;
  period: { from: string; to: string };
  issuer: string;
  stratification: Stratification;
  oscal: { format: string; generatedAt: string } | null;
};

/** Files every integrity control points at: what verify checks to give its verdict. */
const INTEGRITY_FILES = ["events.ndjson", "leaves.txt", "checkpoints.json", "manifest.json", "manifest.jws"];

/**
 * Every file of a pack that follows from its events (and the agents' owners): the populations, the
 * exceptions, the controls' folders, controls.json and the control matrix. The export and `verify`
 * run this same derivation over the same events, so a verifier that gets the same bytes has
 * re-performed every test over 100% of the population, and re-drawn the sample from its seed.
 * Memory stays bounded by the requests whose tests are still open and the sample's candidates,
 * never by the number of events.
 */
export function createPackDerivation(owners: AgentOwners, sink: DerivedFileSink, { seed, period, issuer, stratification, oscal }: DerivationContext) {
  const byType = populationsByType();
  const rows: Record<string, number> = Object.fromEntries(EVENT_POPULATIONS.map((p) => [p.name, 0]));
  const run = createControlRun(owners);
  const sampler = createSampler(seed, stratification);
  const controlsOfCheck = new Map<CheckId, string[]>(CHECK_IDS.map((check) => [check, CONTROLS.filter((c) => c.checks.includes(check)).map((c) => c.id)]));
  let lastEventAt: string | null = null;
  let exceptions = 0;
  const firstExceptions: ControlException[] = [];
  const seqs = { first: null as number | null, last: null as number | null, events: 0 };

  for (const population of EVENT_POPULATIONS) sink(populationPath(population.name), csvLine(population.header));
  sink(EXCEPTIONS_PATH, csvLine(EXCEPTIONS_HEADER));
  for (const control of CONTROLS) if (control.checks.length) sink(controlExceptionsPath(control.id), csvLine(EXCEPTIONS_HEADER));

  function record(found: readonly ControlException[]) {
    for (const e of found) {
      const line = csvLine([e.check, e.subject, e.seq, e.occurredAt, e.actor, e.detail]);
      exceptions += 1;
      if (firstExceptions.length < REPORT_EXCEPTIONS) firstExceptions.push(e);
      sink(EXCEPTIONS_PATH, line);
      for (const id of controlsOfCheck.get(e.check) ?? []) sink(controlExceptionsPath(id), line);
    }
  }

  /** One event, in seq order. */
  function feed(seq: number, event: HashableEvent) {
    lastEventAt = event.occurredAt;
    seqs.first ??= seq;
    seqs.last = seq;
    seqs.events += 1;
    for (const population of byType.get(event.type) ?? []) {
      rows[population.name] = (rows[population.name] ?? 0) + 1;
      sink(populationPath(population.name), csvLine(population.row(seq, event)));
    }
    record(run.feed(seq, event));
    sampler.feed(seq, event);
  }

  /** After the last event: the end-of-period exceptions, then the summaries. Returns the figures for the manifest and the console. */
  function finish(agentRows: number) {
    const end = run.finish(lastEventAt);
    record(end.exceptions);
    const populationRows: Record<string, number> = { ...rows, agents: agentRows, exceptions };
    const checks = CHECK_IDS.map((id) => ({ id, ...CHECKS[id], populationSize: end.tallies[id].population, exceptions: end.tallies[id].exceptions }));
    const controls = CONTROLS.map((control) => {
      const files = [
        ...control.populations.map(populationPath),
        ...(control.checks.length ? [EXCEPTIONS_PATH, controlExceptionsPath(control.id)] : []),
        ...(control.integrity ? INTEGRITY_FILES : []),
        controlSummaryPath(control.id),
      ];
      return {
        id: control.id,
        framework: control.framework,
        title: control.title,
        evidences: control.evidences,
        checks: [...control.checks],
        files,
        metric: controlMetric(control, end.tallies, populationRows),
        result: controlResult(control, end.tallies),
        notYetEvidenced: control.notYetEvidenced ?? null,
        integrity: !!control.integrity,
      };
    });
    for (const control of controls) sink(controlSummaryPath(control.id), `${JSON.stringify(control, null, 2)}\n`);
    sink(CONTROLS_SUMMARY_PATH, `${JSON.stringify({ checks, requestEventsOutOfPeriod: end.outOfPeriod, controls }, null, 2)}\n`);
    sink(CONTROL_MATRIX_PATH, csvLine(["control_id", "framework", "title", "what_countersign_evidences", "files", "metric", "result", "not_yet_evidenced"]));
    for (const c of controls) sink(CONTROL_MATRIX_PATH, csvLine([c.id, c.framework, c.title, c.evidences, c.files.join(" "), c.metric, c.result, c.notYetEvidenced]));
    if (oscal) {
      const populations = ["agents", ...EVENT_POPULATIONS.map((p) => p.name), "exceptions"].map((name) => ({ name, rows: populationRows[name] ?? 0 }));
      const document = oscalAssessmentResults({ ...oscal, period, issuer, checks, controls, populations, integrityFiles: INTEGRITY_FILES });
      sink(OSCAL_PATH, `${JSON.stringify(document, null, 2)}\n`);
    }

    const sample = sampler.finish();
    const column = stratification.column;
    sink(STRATA_PATH, csvLine(["month", column, "population", "sample_size"]));
    for (const s of sample.strata) sink(STRATA_PATH, csvLine([s.month, s.value, s.population, s.size]));
    sink(SAMPLE_PATH, csvLine(["month", column, "rank", "request_id", "draw", "case_file"]));
    for (const c of sample.cases) {
      sink(SAMPLE_PATH, csvLine([c.month, c.value, c.rank, c.requestId, c.draw, casePath(c.requestId)]));
      sink(casePath(c.requestId), `${JSON.stringify(caseFile(c, seed, stratification), null, 2)}\n`);
    }
    sink(REPORT_PATH, reportHtml({ period, issuer, seed, seqs, checks, controls, exceptions: firstExceptions, exceptionCount: exceptions, stratification: column, strata: sample.strata, cases: sample.cases }));
    return {
      checks,
      controls,
      populationRows,
      outOfPeriod: end.outOfPeriod,
      sample: { strata: sample.strata, cases: sample.cases.length, seqs: sample.cases.flatMap((c) => c.events.map((e) => ({ requestId: c.requestId, seq: e.seq }))) },
    };
  }

  return { feed, finish };
}

export type PackDerivation = ReturnType<typeof createPackDerivation>;
export type DerivedSummary = ReturnType<PackDerivation["finish"]>;
