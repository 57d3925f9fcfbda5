import "server-only";
import type { Database } from "@/db/client";
import { auditAgainstCheckpoint, type CheckpointAudit } from "@/lib/domain/merkle/audit-against-checkpoint";
import { openCheckpointWithAny, type NoteVerifier } from "@/lib/domain/merkle/checkpoint";
import { lastSinkCheckpoint, readSinkLeaves } from "./checkpoint-sink";
import { recomputeLeaves } from "./read-log-leaves";

/**
 * Whether the events in the database, re-hashed, still are what the last checkpoint published to the
 * sink covers. A superuser can rewrite events, chain and tree alike, but not the signed checkpoints
 * outside the database: this is where such a rewrite shows. Null when nothing was published yet.
 */
export async function auditLogAgainstSink(db: Database, verifiers: readonly NoteVerifier[], dir: string): Promise<CheckpointAudit | null> {
  const last = await lastSinkCheckpoint(dir);
  if (!last) return null;
  // Signed by the current key or one rotated out since: a rotation does not orphan what was published.
  const checkpoint = openCheckpointWithAny(last.note, verifiers);
  if (!checkpoint || checkpoint.size !== last.size) {
    return { ok: false, firstBadSeq: null, problem: `the sink's last checkpoint (${last.size}) is not signed by any checkpoint key of ${verifiers[0]?.name ?? "this log"}` };
  }
  const log = await db.transaction((tx) => recomputeLeaves(tx), { isolationLevel: "repeatable read", accessMode: "read only" });
  return auditAgainstCheckpoint(checkpoint, await readSinkLeaves(dir, checkpoint.size), log);
}
