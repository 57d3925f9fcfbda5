import type { ControlException } from "./control-checks";
import { SAMPLE_TABLE, type SampleStratum, type Stratification } from "./sample";

/** How many exceptions the report lists by name; the rest are in populations/exceptions.csv. */
export const REPORT_EXCEPTIONS = 200;

export type ReportInput = {
  period: { from: string; to: string };
  issuer: string;
  seed: string;
  seqs: { first: number | null; last: number | null; events: number };
  checks: { id: string; title: string; populationSize: number; exceptions: number }[];
  controls: { id: string; framework: string; title: string; result: string; metric: string; notYetEvidenced: string | null; integrity: boolean }[];
  exceptions: readonly ControlException[];
  exceptionCount: number;
  stratification: Stratification["column"];
  strata: readonly SampleStratum[];
  cases: readonly { month: string; value: string; rank: number; requestId: string; draw: string }[];
};

/** The report's words for the sample's second stratum key; format 4's are kept as they were, byte for byte. */
const STRATIFIED_BY = {
  risk: "month (UTC) and the risk assessed at submission (unassessed: requests sealed before it was recorded)",
  environment: "month (UTC) and environment (Countersign has no risk score yet)",
} as const;
const STRATUM_HEADING = { risk: "Risk", environment: "Environment" } as const;

const escape = (value: unknown) =>
  String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
/** A table; cells of the `long` columns (digests, sentences) may break anywhere, the others only between words. */
const table = (head: string[], rows: unknown[][], long: number[] = []) =>
  `<div class="wide"><table><thead><tr>${head.map((h) => `<th>${escape(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${long.includes(i) ? ' class="long"' : ""}>${escape(c)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table></div>`;

/**
 * report.html: the pack for a person, self-contained (inline CSS, no script, no external resource)
 * and printable. It is derived like every other summary, from the events, the agents and the
 * manifest's period, issuer and seed, so verify rebuilds it byte for byte: what a person reads is what
 * was re-performed. Integrity is stated as verify's to establish, never asserted by the pack itself.
 */
export function reportHtml(input: ReportInput): string {
  const { period, issuer, seed, seqs } = input;
  const resultClass = (result: string) => (result === "exceptions" ? "bad" : result === "effective" ? "good" : "");
  const listed = input.exceptions.slice(0, REPORT_EXCEPTIONS);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Countersign evidence report ${escape(period.from)} to ${escape(period.to)}</title>
<style>
body{font:11pt/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;margin:2rem auto;max-width:60rem;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
.wide{overflow-x:auto}table{border-collapse:collapse;width:100%;min-width:40rem;font-size:9.5pt;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .4rem;text-align:left;vertical-align:top;overflow-wrap:break-word}td:first-child,.result{white-space:nowrap}
th{background:#f2f2f2}.bad{color:#a40000;font-weight:600}.good{color:#0a6b2b;font-weight:600}.muted{color:#555}code{font-size:9pt;overflow-wrap:anywhere}td.long{overflow-wrap:anywhere;min-width:8rem}
@media print{body{margin:0;max-width:none}.wide{overflow:visible}table{min-width:0}h2{break-after:avoid}tr{break-inside:avoid}section{break-before:auto}}
</style></head><body>
<h1>Countersign evidence report</h1>
<p class="muted">${escape(issuer)} · period ${escape(period.from)} to ${escape(period.to)} (end exclusive)</p>
<h2>Scope and integrity</h2>
<p>${seqs.events} events, seq ${escape(seqs.first ?? "–")} to ${escape(seqs.last ?? "–")}, every one in <code>events.ndjson</code>, chained and logged in the transparency log.
This report is derived from those events. Whether the pack is intact (signature, file hashes, chain, checkpoints) and whether every figure below follows from its events is for
<code>npm run cli -- verify</code> to establish: it re-performs every test over 100% of the population and rebuilds this report byte for byte.</p>
<h2>Controls</h2>
${`<div class="wide"><table><thead><tr><th>Control</th><th>Framework</th><th>Title</th><th>Result</th><th>Metric</th><th>Not yet evidenced</th></tr></thead><tbody>${input.controls
    .map(
      (c) =>
        `<tr><td>${escape(c.id)}</td><td>${escape(c.framework)}</td><td>${escape(c.title)}</td><td class="result ${resultClass(c.result)}">${escape(c.integrity ? "integrity: see verify" : c.result)}</td><td>${escape(c.metric)}</td><td>${escape(c.notYetEvidenced ?? "")}</td></tr>`,
    )
    .join("")}</tbody></table></div>`}
<h2>Tests re-performed over every event</h2>
${table(["Test", "What it checks", "Population", "Exceptions"], input.checks.map((c) => [c.id, c.title, c.populationSize, c.exceptions]))}
<h2>Exceptions (${input.exceptionCount})</h2>
${input.exceptionCount === 0 ? "<p>None.</p>" : table(["Test", "Request or policy", "Seq", "When", "Who", "What"], listed.map((e) => [e.check, e.subject, e.seq, e.occurredAt, e.actor, e.detail]), [1, 5])}
${input.exceptionCount > listed.length ? `<p class="muted">The first ${listed.length} are listed; all ${input.exceptionCount} are in <code>populations/exceptions.csv</code>.</p>` : ""}
<h2>Sample</h2>
<p>Seed <code>${escape(seed)}</code>. Requests created in the period, stratified by ${STRATIFIED_BY[input.stratification]};
in each stratum the requests with the smallest HMAC-SHA256(seed, request id), as many as the attribute-sampling table gives:
${SAMPLE_TABLE.map((r) => `${Number.isFinite(r.upTo) ? `up to ${r.upTo}` : "more"}: ${r.size} (${r.frequency})`).join("; ")}. <code>verify</code> draws it again.</p>
${table(["Month", STRATUM_HEADING[input.stratification], "Population", "Sample size"], input.strata.map((s) => [s.month, s.value, s.population, s.size]))}
${table(["Month", STRATUM_HEADING[input.stratification], "Rank", "Request", "Case file"], input.cases.map((c) => [c.month, c.value, c.rank, c.requestId, `sample/cases/${c.requestId}.json`]), [3, 4])}
</body></html>
`;
}
