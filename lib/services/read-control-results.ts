import "server-only";
import { and, desc, eq, gte, isNull, lt, max, or, sql, sum } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { controlBreakGlass, controlExceptions, controlTallies, eventChain, siemCursors } from "@/db/schema";
import { controlDays, EXCEPTIONS_LISTED, exceptionRequestId, summariseControls, type ControlResultException, type ControlResults } from "@/lib/domain/audit/control-results";
import { CHECK_IDS, openFollowUpException, type CheckId, type CheckTallies } from "@/lib/domain/evidence-pack/controls/control-checks";
import { CONTROL_RESULTS_CURSOR } from "./materialise-control-results";

/**
 * The mapped controls' results over the whole UTC days a period touches, from the tables the worker
 * materialises (materialise-control-results.ts): the tallies of requests created and tested in those
 * days, their exceptions, and the break-glass follow-ups still open at the end. A few index range
 * scans over small tables. The caller checks the capability.
 */
export async function readControlResults(db: Executor, period: { from: Date; to: Date }): Promise<ControlResults> {
  const { from, to } = controlDays(period);
  const fromDay = from.toISOString().slice(0, 10);
  const toDay = to.toISOString().slice(0, 10);
  const openInPeriod = and(
    gte(controlBreakGlass.approvedAt, from),
    lt(controlBreakGlass.approvedAt, to),
    gte(controlBreakGlass.requestCreatedAt, from),
    or(isNull(controlBreakGlass.closedAt), gte(controlBreakGlass.closedAt, to)),
  );
  const [tallyRows, exceptionRows, openRows, [openCount], [cursor], [sealed]] = await Promise.all([
    db
      .select({ check: controlTallies.check, population: sum(controlTallies.population).mapWith(Number), exceptions: sum(controlTallies.exceptions).mapWith(Number) })
      .from(controlTallies)
      .where(and(gte(controlTallies.eventDay, fromDay), lt(controlTallies.eventDay, toDay), gte(controlTallies.createdDay, fromDay), lt(controlTallies.createdDay, toDay)))
      .groupBy(controlTallies.check),
    db
      .select()
      .from(controlExceptions)
      .where(and(gte(controlExceptions.occurredAt, from), lt(controlExceptions.occurredAt, to), gte(controlExceptions.subjectCreatedAt, from), lt(controlExceptions.subjectCreatedAt, to)))
      .orderBy(desc(controlExceptions.occurredAt), desc(controlExceptions.seq))
      .limit(EXCEPTIONS_LISTED),
    db.select().from(controlBreakGlass).where(openInPeriod).orderBy(desc(controlBreakGlass.approvedAt)).limit(EXCEPTIONS_LISTED),
    db.select({ n: sql<number>`count(*)::int` }).from(controlBreakGlass).where(openInPeriod),
    db.select({ seq: siemCursors.lastSeq }).from(siemCursors).where(eq(siemCursors.sink, CONTROL_RESULTS_CURSOR)),
    db.select({ seq: max(eventChain.seq) }).from(eventChain),
  ]);

  const tallies = Object.fromEntries(CHECK_IDS.map((id) => [id, { population: 0, exceptions: 0 }])) as CheckTallies;
  for (const row of tallyRows) if (row.check in tallies) tallies[row.check as CheckId] = { population: row.population, exceptions: row.exceptions };
  // An open follow-up is an exception only at the period's end, as in the pack: counted here, not when sealed.
  tallies["break-glass-follow-up"].exceptions += openCount?.n ?? 0;

  const end = to.toISOString();
  const listed: ControlResultException[] = [
    ...exceptionRows.map((row) => ({
      check: row.check as CheckId,
      subject: row.subject,
      requestId: exceptionRequestId(row.check as CheckId, row.subject),
      seq: row.seq,
      occurredAt: row.occurredAt.toISOString(),
      actor: row.actor,
      detail: row.detail,
    })),
    ...openRows.map((row) => ({
      ...openFollowUpException(row.requestId, { seq: row.seq, occurredAt: row.approvedAt.toISOString(), actor: row.actor, confirmations: row.confirmations, required: Number.POSITIVE_INFINITY }, end),
      requestId: row.requestId,
    })),
  ];
  listed.sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || b.seq - a.seq);
  return {
    days: { from: from.toISOString(), to: end },
    through: { seq: cursor?.seq ?? 0, sealed: sealed?.seq ?? 0 },
    ...summariseControls(tallies),
    exceptionCount: CHECK_IDS.reduce((n, id) => n + tallies[id].exceptions, 0),
    exceptions: listed.slice(0, EXCEPTIONS_LISTED),
  };
}
