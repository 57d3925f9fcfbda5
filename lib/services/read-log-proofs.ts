import "server-only";
import { and, asc, desc, eq, lte } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { logCheckpoints, logLeaves, logTreeHeads } from "@/db/schema";
import { consistencyRanges } from "@/lib/domain/merkle/consistency-proof";
import { inclusionRanges } from "@/lib/domain/merkle/inclusion-proof";
import { ServiceError } from "./errors";
import { proveFromStoredNodes } from "./prove-from-stored-nodes";

/**
 * What the transparency log answers anyone who may read it (RFC 9162's get-sth, get-proof-by-hash and
 * get-sth-consistency, in this API's JSON): the latest signed checkpoint and proofs against any tree
 * size the log has had. Proofs are built from the stored nodes, O(log n) rows each; a client checks
 * them against a checkpoint it verified, so it need not trust this server.
 */
export type InclusionProof = { leafIndex: number; treeSize: number; auditPath: string[] };
export type ConsistencyProof = { from: number; to: number; consistencyPath: string[] };

const hex = (hashes: Buffer[]) => hashes.map((h) => h.toString("hex"));

/** The latest checkpoint the worker signed and published (its latest heartbeat, if the log has been quiet), as its signed note. */
export async function readLatestCheckpoint(db: Executor): Promise<{ size: number; note: string }> {
  const [latest] = await db.select({ size: logCheckpoints.size, note: logCheckpoints.note }).from(logCheckpoints).orderBy(desc(logCheckpoints.size), desc(logCheckpoints.publishedAt)).limit(1);
  if (!latest) throw new ServiceError("NOT_FOUND", "No checkpoint has been published yet; the worker publishes one within seconds of the first sealed event.");
  return latest;
}

async function treeSize(db: Executor): Promise<number> {
  const [head] = await db.select({ size: logTreeHeads.size }).from(logTreeHeads).orderBy(desc(logTreeHeads.size)).limit(1);
  return head?.size ?? 0;
}

export async function proveInclusion(db: Database, leafHex: string, size: number): Promise<InclusionProof> {
  return db.transaction(
    async (tx) => {
      const current = await treeSize(tx);
      if (size > current) throw new ServiceError("VALIDATION", `The tree has ${current} leaves; ask for a size up to that.`, [{ path: "size", message: `At most ${current}.` }]);
      const [leaf] = await tx
        .select({ seq: logLeaves.seq })
        .from(logLeaves)
        .where(and(eq(logLeaves.leafHash, leafHex), lte(logLeaves.seq, size)))
        .orderBy(asc(logLeaves.seq))
        .limit(1);
      if (!leaf) throw new ServiceError("NOT_FOUND", `No leaf with that hash is in the tree of size ${size}.`);
      const leafIndex = leaf.seq - 1;
      const [auditPath] = await proveFromStoredNodes(tx, [inclusionRanges(leafIndex, size)]);
      return { leafIndex, treeSize: size, auditPath: hex(auditPath as Buffer[]) };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

export async function proveConsistency(db: Database, from: number, to: number): Promise<ConsistencyProof> {
  if (from > to) throw new ServiceError("VALIDATION", "`from` must not exceed `to`.", [{ path: "from", message: "At most `to`." }]);
  return db.transaction(
    async (tx) => {
      const current = await treeSize(tx);
      if (to > current) throw new ServiceError("VALIDATION", `The tree has ${current} leaves; ask for a size up to that.`, [{ path: "to", message: `At most ${current}.` }]);
      const [consistencyPath] = await proveFromStoredNodes(tx, [consistencyRanges(from, to)]);
      return { from, to, consistencyPath: hex(consistencyPath as Buffer[]) };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
