import "server-only";
import { asc, eq, gt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { eventChain, events, logLeaves, siemCursors } from "@/db/schema";
import type { Config } from "@/lib/config";
import { siemAuthorization, siemBody, SIEM_CONTENT_TYPE, type SiemRecord } from "@/lib/domain/webhooks/siem-body";
import { toHashableEvent } from "./hashable-event";

/** Names a sink's cursor by its origin: its path or query may hold a token. */
export const siemSinkName = (url: string) => `siem ${new URL(url).origin}`;

/**
 * Sends the next batch of sealed events, in seq order, to the SIEM and moves its cursor past them
 * only once the receiver has answered 2xx: at least once, and never a gap, whatever fails or
 * restarts (the receiver, this worker, the database). The cursor row stays locked while the batch
 * is in flight, so with several workers one streams and the others skip. Returns how many were sent.
 */
export async function streamToSiem(db: Database, siem: Config["siem"] & { url: string }, { batchSize = 500, timeoutMs = 10_000, signal }: { batchSize?: number; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<number> {
  const sink = siemSinkName(siem.url);
  await db.insert(siemCursors).values({ sink }).onConflictDoNothing();
  return db.transaction(async (tx) => {
    const [cursor] = await tx.execute<{ last_seq: string }>(sql`select last_seq from siem_cursors where sink = ${sink} for update skip locked`);
    if (!cursor) return 0;
    const rows = await tx
      .select({ seq: eventChain.seq, leafHash: logLeaves.leafHash, event: events })
      .from(eventChain)
      .innerJoin(logLeaves, eq(logLeaves.seq, eventChain.seq))
      .innerJoin(events, eq(events.id, eventChain.eventId))
      .where(gt(eventChain.seq, Number(cursor.last_seq)))
      .orderBy(asc(eventChain.seq))
      .limit(batchSize);
    if (rows.length === 0) return 0;
    const records: SiemRecord[] = rows.map(({ seq, leafHash, event }) => ({ seq, leafHash, event: toHashableEvent(event) }));
    const response = await fetch(siem.url, {
      method: "POST",
      headers: { "content-type": SIEM_CONTENT_TYPE[siem.format], ...(siem.token && { authorization: siemAuthorization(siem.format, siem.token) }) },
      body: siemBody(records, siem.format, siem.elasticIndex),
      redirect: "manual",
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    // The status only: a receiver's error body may echo the token or the batch.
    if (!response.ok) throw new Error(`the SIEM answered ${response.status}; the batch after seq ${cursor.last_seq} will be sent again`);
    await tx.update(siemCursors).set({ lastSeq: records.at(-1)!.seq, updatedAt: new Date() }).where(sql`${siemCursors.sink} = ${sink}`);
    return records.length;
  });
}
