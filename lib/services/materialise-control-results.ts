import "server-only";
import { inArray, sql } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { agents, controlBreakGlass, controlExceptions, controlRequestFacts, controlTallies } from "@/db/schema";
import { CHECK_IDS, createControlRun, followUpClosed, type ControlException, type RequestFacts } from "@/lib/domain/evidence-pack/controls/control-checks";
import type { SiemRecord } from "@/lib/domain/webhooks/siem-body";
import { streamSealedEvents } from "./stream-sealed-events";

/** The cursor's name among the sealed stream's consumers (siem_cursors). */
export const CONTROL_RESULTS_CURSOR = "control results";

/**
 * Feeds the next batch of sealed events, past the cursor, through the control tests the evidence pack
 * and `verify` re-perform (`createControlRun`), and stores what the overview reads: each event's
 * share of the tests' tallies by day, the exceptions found, the break-glass follow-ups and the facts
 * the tests keep about requests still open. One source of truth: the console shows what a pack over
 * the same days finds, without walking the log per page view. Cursor and rows commit together.
 * Returns how many events were fed.
 */
export async function materialiseControlResults(db: Database, { batchSize = 1000 }: { batchSize?: number } = {}): Promise<number> {
  return streamSealedEvents(db, CONTROL_RESULTS_CURSOR, (records, _afterSeq, tx) => feedBatch(tx, records), batchSize);
}

type Tally = { check: string; eventDay: string; createdDay: string; population: number; exceptions: number };
type BreakGlassRow = typeof controlBreakGlass.$inferInsert;

async function feedBatch(tx: Executor, records: SiemRecord[]) {
  const requestIds = [...new Set(records.filter((r) => r.event.streamType === "request").map((r) => r.event.streamId))];
  const [stored, owners] = await Promise.all([
    requestIds.length ? tx.select().from(controlRequestFacts).where(inArray(controlRequestFacts.requestId, requestIds)) : [],
    tx.select({ id: agents.id, ownerEmail: agents.ownerEmail }).from(agents),
  ]);
  const facts = new Map(stored.map((row) => [row.requestId, fromStored(row.facts)]));
  const createdAt = new Map(stored.map((row) => [row.requestId, row.createdAt.toISOString()]));
  const run = createControlRun(new Map(owners.map((a) => [a.id, a.ownerEmail])), facts);

  const tallies = new Map<string, Tally>();
  const found: (ControlException & { subjectCreatedAt: string })[] = [];
  const breakGlass = new Map<string, BreakGlassRow>();
  for (const { seq, event } of records) {
    const before = CHECK_IDS.map((id) => ({ ...run.tallies[id] }));
    const exceptions = run.feed(seq, event);
    const id = event.streamType === "request" ? event.streamId : null;
    if (id && event.type === "request.created" && facts.has(id)) createdAt.set(id, event.occurredAt);
    // A policy version is its own subject: it belongs to the period it took effect in.
    const subjectCreatedAt = (id && createdAt.get(id)) ?? event.occurredAt;
    CHECK_IDS.forEach((check, i) => {
      const population = run.tallies[check].population - before[i]!.population;
      const excepted = run.tallies[check].exceptions - before[i]!.exceptions;
      if (!population && !excepted) return;
      const key = `${check} ${event.occurredAt.slice(0, 10)} ${subjectCreatedAt.slice(0, 10)}`;
      const tally = tallies.get(key) ?? { check, eventDay: event.occurredAt.slice(0, 10), createdDay: subjectCreatedAt.slice(0, 10), population: 0, exceptions: 0 };
      tally.population += population;
      tally.exceptions += excepted;
      tallies.set(key, tally);
    });
    for (const e of exceptions) found.push({ ...e, subjectCreatedAt });
    const glass = id ? facts.get(id)?.breakGlass : undefined;
    if (id && glass) {
      const row = breakGlass.get(id) ?? { requestId: id, seq: glass.seq, approvedAt: new Date(glass.occurredAt), requestCreatedAt: new Date(subjectCreatedAt), actor: glass.actor, closedAt: null };
      row.confirmations = glass.confirmations;
      if (!row.closedAt && followUpClosed(glass)) row.closedAt = new Date(event.occurredAt);
      breakGlass.set(id, row);
    }
  }

  // What the run still holds is stored back; a request it let go of (closed, nothing left to test) is removed.
  const kept = requestIds.filter((id) => facts.has(id));
  const released = requestIds.filter((id) => !facts.has(id) && createdAt.has(id));
  const writes: Promise<unknown>[] = [];
  if (kept.length) {
    writes.push(
      tx
        .insert(controlRequestFacts)
        .values(kept.map((id) => ({ requestId: id, createdAt: new Date(createdAt.get(id)!), facts: toStored(facts.get(id)!) })))
        .onConflictDoUpdate({ target: controlRequestFacts.requestId, set: { facts: sql`excluded.facts` } }),
    );
  }
  if (released.length) writes.push(tx.delete(controlRequestFacts).where(inArray(controlRequestFacts.requestId, released)));
  if (tallies.size) {
    writes.push(
      tx
        .insert(controlTallies)
        .values([...tallies.values()])
        .onConflictDoUpdate({
          target: [controlTallies.eventDay, controlTallies.createdDay, controlTallies.check],
          set: { population: sql`${controlTallies.population} + excluded.population`, exceptions: sql`${controlTallies.exceptions} + excluded.exceptions` },
        }),
    );
  }
  if (found.length) {
    writes.push(
      tx
        .insert(controlExceptions)
        .values(found.map((e) => ({ check: e.check, subject: e.subject, seq: e.seq, occurredAt: new Date(e.occurredAt), subjectCreatedAt: new Date(e.subjectCreatedAt), actor: e.actor, detail: e.detail })))
        .onConflictDoNothing(),
    );
  }
  if (breakGlass.size) {
    writes.push(
      tx
        .insert(controlBreakGlass)
        .values([...breakGlass.values()])
        .onConflictDoUpdate({
          target: controlBreakGlass.requestId,
          set: { confirmations: sql`excluded.confirmations`, closedAt: sql`coalesce(${controlBreakGlass.closedAt}, excluded.closed_at)` },
        }),
    );
  }
  await Promise.all(writes);
}

/** JSON has no infinity: a break-glass approval waiting for its first confirmation requires "unknown" (null) confirmations. */
function toStored(facts: RequestFacts): unknown {
  return facts.breakGlass && !Number.isFinite(facts.breakGlass.required) ? { ...facts, breakGlass: { ...facts.breakGlass, required: null } } : facts;
}

function fromStored(value: unknown): RequestFacts {
  const facts = value as RequestFacts & { breakGlass?: { required: number | null } };
  if (facts.breakGlass && facts.breakGlass.required === null) facts.breakGlass.required = Number.POSITIVE_INFINITY;
  return facts as RequestFacts;
}
