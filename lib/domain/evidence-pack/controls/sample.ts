import { createHmac } from "node:crypto";
import type { HashableEvent } from "../../event-chain";

/**
 * The attribute-sampling table auditors use for a control that operates many times (AICPA Audit
 * Guide "Audit Sampling" and the Big Four's usual grid, by how often the control runs): a stratum of
 * N items gets the size of the first row whose `upTo` is at least N, never more than N.
 */
export const SAMPLE_TABLE = [
  { upTo: 1, size: 1, frequency: "annual" },
  { upTo: 4, size: 2, frequency: "quarterly" },
  { upTo: 12, size: 2, frequency: "monthly" },
  { upTo: 52, size: 5, frequency: "weekly" },
  { upTo: 365, size: 25, frequency: "daily" },
  { upTo: Number.POSITIVE_INFINITY, size: 40, frequency: "many times a day" },
] as const;

const LARGEST = 40;

export function sampleSize(population: number): number {
  const row = SAMPLE_TABLE.find((r) => population <= r.upTo) ?? SAMPLE_TABLE[SAMPLE_TABLE.length - 1];
  return Math.min(population, row!.size);
}

/**
 * A request's draw: HMAC-SHA256 keyed with the seed (its UTF-8 bytes) over the request id (UTF-8),
 * hex. A keyed pseudo-random function: the same seed always draws the same sample, and nobody who does
 * not know the seed in advance can steer a request into or out of it.
 */
export const drawOf = (seed: string, requestId: string) => createHmac("sha256", seed).update(requestId).digest("hex");

type Candidate = { requestId: string; draw: string; events: { seq: number; event: HashableEvent }[] };
type Stratum = { month: string; environment: string; population: number; candidates: Candidate[] };

export type SampledCase = Candidate & { month: string; environment: string; rank: number };
export type SampleStratum = { month: string; environment: string; population: number; size: number };

/**
 * Draws the sample while the events stream past, in one pass and bounded memory: requests created in
 * the pack, stratified by the month (UTC) of their creation and their environment (Countersign has no
 * risk score yet: environment stands in for it); in each stratum the `sampleSize(N)` requests with the
 * smallest draw (bottom-k: a uniform sample without replacement, deterministic given the seed). Only
 * the current 40 best candidates of a stratum are kept, with their events for the case files.
 */
export function createSampler(seed: string) {
  const strata = new Map<string, Stratum>();
  const kept = new Map<string, Candidate>();

  function feed(seq: number, event: HashableEvent) {
    if (event.streamType !== "request") return;
    if (event.type === "request.created") {
      const environment = String((event.data as { environment?: unknown } | null)?.environment ?? "");
      const month = event.occurredAt.slice(0, 7);
      const key = `${month}|${environment}`;
      let stratum = strata.get(key);
      if (!stratum) strata.set(key, (stratum = { month, environment, population: 0, candidates: [] }));
      stratum.population += 1;
      const candidate: Candidate = { requestId: event.streamId, draw: drawOf(seed, event.streamId), events: [] };
      const list = stratum.candidates;
      if (list.length === LARGEST && candidate.draw >= (list.at(-1) as Candidate).draw) return;
      let at = list.findIndex((c) => candidate.draw < c.draw);
      if (at < 0) at = list.length;
      list.splice(at, 0, candidate);
      kept.set(candidate.requestId, candidate);
      if (list.length > LARGEST) kept.delete((list.pop() as Candidate).requestId);
    }
    kept.get(event.streamId)?.events.push({ seq, event });
  }

  function finish(): { strata: SampleStratum[]; cases: SampledCase[] } {
    const ordered = [...strata.values()].sort((a, b) => (a.month + a.environment < b.month + b.environment ? -1 : a.month + a.environment > b.month + b.environment ? 1 : 0));
    return {
      strata: ordered.map((s) => ({ month: s.month, environment: s.environment, population: s.population, size: sampleSize(s.population) })),
      cases: ordered.flatMap((s) => s.candidates.slice(0, sampleSize(s.population)).map((c, i) => ({ ...c, month: s.month, environment: s.environment, rank: i + 1 }))),
    };
  }

  return { feed, finish };
}

/** A sampled request's case file: what an auditor tests, from its own events, with each event's seq to find its leaf. */
export function caseFile(sampled: SampledCase, seed: string) {
  const of = (type: string) => sampled.events.filter((e) => e.event.type === type);
  const data = (e: { event: HashableEvent } | undefined) => (e?.event.data ?? null) as Record<string, unknown> | null;
  const actor = (e: { event: HashableEvent }) => e.event.actor as { id?: string; kind?: string; groups?: string[]; authentication?: unknown };
  const created = data(of("request.created")[0]);
  const policy = data(of("policy.evaluated")[0]);
  return {
    requestId: sampled.requestId,
    stratum: { month: sampled.month, environment: sampled.environment },
    rank: sampled.rank,
    draw: sampled.draw,
    seed,
    request: created && { action: created.action, resource: created.resource, environment: created.environment, agentId: created.agentId, onBehalfOf: created.onBehalfOf ?? null, payloadDigest: created.payloadDigest, summary: created.summary },
    policy: policy && { id: policy.policyId, version: policy.policyVersion, rule: (policy.evaluation as { rule?: string } | undefined)?.rule ?? null, outcome: policy.outcome, requiredApprovals: policy.requiredApprovals },
    decisions: sampled.events
      .filter((e) => e.event.type.startsWith("decision."))
      .map((e) => ({ seq: e.seq, type: e.event.type, at: e.event.occurredAt, by: actor(e).id ?? null, kind: actor(e).kind ?? null, groups: actor(e).groups ?? null, authentication: actor(e).authentication ?? null, reason: data(e)?.reason ?? null })),
    grant: of("grant.issued").map((e) => ({ seq: e.seq, ...data(e) }))[0] ?? null,
    execution: of("execution.reported").map((e) => ({ seq: e.seq, at: e.event.occurredAt, ...data(e) }))[0] ?? null,
    timeline: sampled.events.map((e) => ({ seq: e.seq, at: e.event.occurredAt, type: e.event.type, by: actor(e).id ?? null })),
    // The events themselves, as hashed: each one's leaf is SHA-256(0x00 ‖ JCS(event)) at line `seq` of leaves.txt.
    events: sampled.events,
  };
}
