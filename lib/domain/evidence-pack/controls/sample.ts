import { createHmac } from "node:crypto";
import type { HashableEvent } from "../../event-chain";
import { RISK_LEVELS } from "../../request/assess-risk";

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

/**
 * The second stratum key beside the month. Format 5 stratifies by the risk `request.created` recorded
 * (`data.risk.level`; a request without one, sealed before it was recorded, is `unassessed`), riskiest
 * first; formats 3 and 4 by environment, which stood in for risk until the request carried it. The
 * environment is not a third key: production already raises a request's risk (assessRisk), and
 * every further key multiplies the strata, each sized up to 40 by the table, so a year of five risk
 * levels across a handful of environments would sample thousands of requests, mostly tiny strata
 * taken whole.
 */
export type Stratification = { column: "risk" | "environment"; valueOf: (data: Record<string, unknown> | null) => string; order: (value: string) => string };

export const UNASSESSED = "unassessed";
/** Format 5's risk strata, in the order strata.csv lists them within a month. */
export const RISK_STRATA = [...[...RISK_LEVELS].reverse(), UNASSESSED] as const;

export const RISK_STRATIFICATION: Stratification = {
  column: "risk",
  valueOf: (data) => {
    const level = (data?.risk as { level?: unknown } | undefined)?.level;
    return RISK_STRATA.find((r) => r !== UNASSESSED && r === level) ?? UNASSESSED;
  },
  order: (value) => String(RISK_STRATA.indexOf(value as (typeof RISK_STRATA)[number])),
};

export const ENVIRONMENT_STRATIFICATION: Stratification = {
  column: "environment",
  valueOf: (data) => String(data?.environment ?? ""),
  order: (value) => value,
};

type Stratum = { month: string; value: string; population: number; candidates: Candidate[] };

export type SampledCase = Candidate & { month: string; value: string; rank: number };
export type SampleStratum = { month: string; value: string; population: number; size: number };

/**
 * Draws the sample while the events stream past, in one pass and bounded memory: requests created in
 * the pack, stratified by the month (UTC) of their creation and the stratification's value (risk, or
 * environment in older formats); in each stratum the `sampleSize(N)` requests with the smallest draw
 * (bottom-k: a uniform sample without replacement, deterministic given the seed). Only the current
 * 40 best candidates of a stratum are kept, with their events for the case files.
 */
export function createSampler(seed: string, by: Stratification) {
  const strata = new Map<string, Stratum>();
  const kept = new Map<string, Candidate>();

  function feed(seq: number, event: HashableEvent) {
    if (event.streamType !== "request") return;
    if (event.type === "request.created") {
      const value = by.valueOf(event.data as Record<string, unknown> | null);
      const month = event.occurredAt.slice(0, 7);
      const key = `${month}|${value}`;
      let stratum = strata.get(key);
      if (!stratum) strata.set(key, (stratum = { month, value, population: 0, candidates: [] }));
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
    const sortKey = (s: Stratum) => s.month + by.order(s.value);
    const ordered = [...strata.values()].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    return {
      strata: ordered.map((s) => ({ month: s.month, value: s.value, population: s.population, size: sampleSize(s.population) })),
      cases: ordered.flatMap((s) => s.candidates.slice(0, sampleSize(s.population)).map((c, i) => ({ ...c, month: s.month, value: s.value, rank: i + 1 }))),
    };
  }

  return { feed, finish };
}

/** A sampled request's case file: what an auditor tests, from its own events, with each event's seq to find its leaf. */
export function caseFile(sampled: SampledCase, seed: string, by: Stratification) {
  const of = (type: string) => sampled.events.filter((e) => e.event.type === type);
  const data = (e: { event: HashableEvent } | undefined) => (e?.event.data ?? null) as Record<string, unknown> | null;
  const actor = (e: { event: HashableEvent }) => e.event.actor as { id?: string; kind?: string; groups?: string[]; authentication?: unknown };
  const created = data(of("request.created")[0]);
  const policy = data(of("policy.evaluated")[0]);
  return {
    requestId: sampled.requestId,
    stratum: { month: sampled.month, [by.column]: sampled.value },
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
