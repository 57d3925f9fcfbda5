import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { eventChain, events } from "@/db/schema";
import type { AgentActor } from "@/lib/domain/actor";
import type { HashableEvent } from "@/lib/domain/event-chain";
import { inclusionRanges } from "@/lib/domain/merkle/inclusion-proof";
import { eventLeafHash } from "@/lib/domain/merkle/tree-hash";
import { isUuid } from "@/lib/domain/uuid";
import { loadAgentRequestView } from "./agent-request-view";
import { ServiceError } from "./errors";
import { toHashableEvent } from "./hashable-event";
import { proveFromStoredNodes } from "./prove-from-stored-nodes";
import { readLatestCheckpoint } from "./read-log-proofs";

export type Receipt = {
  checkpoint: string;
  entries: { event: HashableEvent; leafIndex: number; leafHash: string; auditPath: string[] }[];
};

/** Checkpoints are published every few seconds: about when a receipt not ready yet will be. */
const RETRY_AFTER_SECONDS = 5;

/**
 * The requesting agent's proof, checkable offline, that its request's events are in the log: each
 * event exactly as hashed, its leaf, and an inclusion proof in the tree of the signed checkpoint
 * that covers them all. Ready once every event of the request is sealed and covered by a checkpoint.
 */
export async function buildReceipt(db: Database, agent: AgentActor, requestId: string): Promise<Receipt> {
  return db.transaction(
    async (tx) => {
      if (!isUuid(requestId) || !(await loadAgentRequestView(tx, agent.id, requestId))) throw new ServiceError("NOT_FOUND", "No request of yours has that id.");
      const checkpoint = await readLatestCheckpoint(tx).catch(() => null);
      const rows = await tx
        .select({ event: events, seq: eventChain.seq })
        .from(events)
        .leftJoin(eventChain, eq(eventChain.eventId, events.id))
        .where(and(eq(events.streamType, "request"), eq(events.streamId, requestId)))
        .orderBy(asc(events.id));
      if (!checkpoint || rows.some(({ seq }) => seq === null || seq > checkpoint.size)) {
        throw new ServiceError("CONFLICT", "This request's events are not all sealed and covered by a published checkpoint yet; try again shortly.", undefined, { retryAfterSeconds: RETRY_AFTER_SECONDS });
      }
      // Every entry's path from one read of the stored nodes: O(events · log n) rows.
      const paths = await proveFromStoredNodes(tx, rows.map(({ seq }) => inclusionRanges((seq as number) - 1, checkpoint.size)));
      return {
        checkpoint: checkpoint.note,
        entries: rows.map(({ event, seq }, i) => {
          const hashable = toHashableEvent(event);
          return { event: hashable, leafIndex: (seq as number) - 1, leafHash: eventLeafHash(hashable).toString("hex"), auditPath: (paths[i] as Buffer[]).map((h) => h.toString("hex")) };
        }),
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
