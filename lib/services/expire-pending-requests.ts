import "server-only";
import { and, eq, inArray, lte } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { actionRequests } from "@/db/schema";
import { toRecordedActor } from "@/lib/domain/recorded-actor";

/**
 * Moves pending requests past their expiry to `expired`. SKIP LOCKED lets any number of workers sweep
 * at once without waiting on each other or on a reviewer who is deciding the same row right now.
 */
export async function expirePendingRequests(db: Database, now = new Date(), batchSize = 500): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: actionRequests.id, expiresAt: actionRequests.expiresAt })
      .from(actionRequests)
      .where(and(eq(actionRequests.status, "pending"), lte(actionRequests.expiresAt, now)))
      .limit(batchSize)
      .for("update", { skipLocked: true });
    if (due.length === 0) return 0;
    await tx.update(actionRequests).set({ status: "expired", decidedAt: now, updatedAt: now }).where(inArray(actionRequests.id, due.map((r) => r.id)));
    await appendEvents(
      tx,
      due.map((r) => ({
        type: "request.expired" as const,
        streamType: "request" as const,
        streamId: r.id,
        actor: toRecordedActor({ kind: "system", id: "worker" }),
        data: { expiresAt: r.expiresAt.toISOString() },
      })),
      { now },
    );
    return due.length;
  });
}
