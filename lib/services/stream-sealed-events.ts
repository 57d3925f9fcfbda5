import "server-only";
import { asc, eq, gt, sql } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { eventChain, events, logLeaves, siemCursors } from "@/db/schema";
import type { SiemRecord } from "@/lib/domain/webhooks/siem-body";
import { toHashableEvent } from "./hashable-event";

/**
 * Hands the next batch of sealed events after `sink`'s cursor, in seq order, to `send`, and moves the
 * cursor past them only once `send` resolves: at least once, and never a gap, whatever fails or
 * restarts (the receiver, this worker, the database). The cursor row stays locked while the batch is
 * in flight, so with several workers one streams to a sink and the others skip. Returns how many were sent.
 * `send` gets the cursor's transaction too: a consumer that writes to the database (the control
 * results' materialiser) commits its rows and the cursor together, so each event counts exactly once.
 */
export async function streamSealedEvents(db: Database, sink: string, send: (records: SiemRecord[], afterSeq: number, tx: Executor) => Promise<void>, batchSize = 500): Promise<number> {
  await db.insert(siemCursors).values({ sink }).onConflictDoNothing();
  return db.transaction(async (tx) => {
    const [cursor] = await tx.execute<{ last_seq: string }>(sql`select last_seq from siem_cursors where sink = ${sink} for update skip locked`);
    if (!cursor) return 0;
    const afterSeq = Number(cursor.last_seq);
    const rows = await tx
      .select({ seq: eventChain.seq, leafHash: logLeaves.leafHash, event: events })
      .from(eventChain)
      .innerJoin(logLeaves, eq(logLeaves.seq, eventChain.seq))
      .innerJoin(events, eq(events.id, eventChain.eventId))
      .where(gt(eventChain.seq, afterSeq))
      .orderBy(asc(eventChain.seq))
      .limit(batchSize);
    if (rows.length === 0) return 0;
    const records: SiemRecord[] = rows.map(({ seq, leafHash, event }) => ({ seq, leafHash, event: toHashableEvent(event) }));
    await send(records, afterSeq, tx);
    await tx.update(siemCursors).set({ lastSeq: records.at(-1)!.seq, updatedAt: new Date() }).where(sql`${siemCursors.sink} = ${sink}`);
    return records.length;
  });
}
