import "server-only";
import { and, asc, count, eq, gt, min, notExists, sql } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { oneRow } from "@/db/one-row";
import { eventChain, eventSealQueue, events } from "@/db/schema";
import { eventHash, GENESIS_HASH, verifyChain, type ChainVerification } from "@/lib/domain/event-chain";
import type { UserActor } from "@/lib/domain/actor";
import { toHashableEvent } from "./hashable-event";
import { requireCapability } from "./require-capability";
import { getConfig } from "@/lib/config";
import { auditLogAgainstSink } from "./audit-log-against-sink";
import { getCheckpointVerifiers } from "./checkpoint-key";

export type ChainStatus = ChainVerification & { unsealed: number; verifiedAt: string };

/**
 * Re-hashes every event and walks the whole chain from genesis, in batches to bound memory, then
 * accounts for every event: each must be either chained or waiting in the seal queue, never both
 * (a link only the sealer should have written) and never neither (an event taken off the queue
 * unsealed would never reach the chain or a pack). Each count is counted, not derived, so it is
 * always a real number of real rows.
 *
 * All of it reads one snapshot (REPEATABLE READ): otherwise the sealer committing between the counts
 * would make an intact log look as if events had gone missing.
 */
export async function verifyEventChain(db: Database, actor: UserActor, batchSize = 5000): Promise<ChainStatus> {
  requireCapability(actor, "readAuditLog");
  const status = await db.transaction((tx) => verifyInSnapshot(tx, batchSize), { isolationLevel: "repeatable read", accessMode: "read only" });
  return status.ok ? againstLastCheckpoint(db, status) : status;
}

/**
 * A chain that verifies proves only that it is self-consistent: whoever can write the database can
 * recompute it. The events must also still be what the last checkpoint published outside the
 * database covers (when this process knows the checkpoint keys to check its signature).
 */
async function againstLastCheckpoint(db: Database, status: ChainStatus): Promise<ChainStatus> {
  const verifiers = getCheckpointVerifiers();
  const audit = verifiers.length > 0 ? await auditLogAgainstSink(db, verifiers, getConfig().checkpoint.dir) : null;
  if (!audit || audit.ok) return status;
  const brokenAt = audit.firstBadSeq ?? 1;
  return { ok: false, checked: brokenAt - 1, brokenAt, problem: `against the last published checkpoint, ${audit.problem}`, unsealed: status.unsealed, verifiedAt: status.verifiedAt };
}

async function verifyInSnapshot(db: Executor, batchSize: number): Promise<ChainStatus> {
  let afterSeq = 0;
  let prev = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    // A left join: a link whose event is gone is reported as such, not skipped as a gap.
    const rows = await db
      .select({ link: eventChain, event: events })
      .from(eventChain)
      .leftJoin(events, eq(events.id, eventChain.eventId))
      .where(gt(eventChain.seq, afterSeq))
      .orderBy(asc(eventChain.seq))
      .limit(batchSize);
    const result = verifyChain(
      rows.map(({ link, event }) => ({ ...link, recomputedEventHash: event ? eventHash(toHashableEvent(event)) : null })),
      afterSeq + 1,
      prev,
    );
    if (!result.ok) return { ...result, checked: checked + result.checked, ...(await unsealedCount(db)) };
    checked += result.checked;
    prev = result.head;
    if (rows.length < batchSize) return accountForEveryEvent(db, { ok: true, checked, head: prev });
    afterSeq = rows.at(-1)?.link.seq ?? afterSeq;
  }
}

async function unsealedCount(db: Executor) {
  const row = oneRow(await db.select({ n: count() }).from(eventSealQueue));
  return { unsealed: row.n, verifiedAt: new Date().toISOString() };
}

async function accountForEveryEvent(db: Executor, intact: ChainVerification & { ok: true }): Promise<ChainStatus> {
  const [queue, both, neither] = await Promise.all([
    unsealedCount(db),
    db
      .select({ n: count(), firstSeq: min(eventChain.seq) })
      .from(eventSealQueue)
      .innerJoin(eventChain, eq(eventChain.eventId, eventSealQueue.eventId))
      .then(oneRow),
    db
      .select({ n: count(), firstId: min(events.id) })
      .from(events)
      .where(
        and(
          notExists(db.select({ one: sql`1` }).from(eventChain).where(eq(eventChain.eventId, events.id))),
          notExists(db.select({ one: sql`1` }).from(eventSealQueue).where(eq(eventSealQueue.eventId, events.id))),
        ),
      )
      .then(oneRow),
  ]);
  const problems = [
    both.n > 0 &&
      `${both.n} chain link(s), the first at seq ${both.firstSeq}, seal events that still wait in the seal queue: something other than the sealer wrote the chain, and sealing stops there`,
    neither.n > 0 && `${neither.n} event(s), the first with id ${neither.firstId}, are neither chained nor waiting to be sealed`,
  ].filter((problem): problem is string => Boolean(problem));
  if (problems.length === 0) return { ...intact, ...queue };
  const brokenAt = both.firstSeq ?? intact.checked + 1;
  return { ok: false, checked: brokenAt - 1, brokenAt, problem: problems.join("; "), ...queue };
}
