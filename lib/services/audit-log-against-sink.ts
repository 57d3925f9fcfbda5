import "server-only";
import type { Database } from "@/db/client";
import { auditAgainstCheckpoint, type CheckpointAudit } from "@/lib/domain/merkle/audit-against-checkpoint";
import { openCheckpoint, type NoteVerifier } from "@/lib/domain/merkle/checkpoint";
import { lastSinkCheckpoint, readSinkLeaves } from "./checkpoint-sink";
import { recomputeLeaves } from "./read-log-leaves";

/**
 * Whether the events in the database, re-hashed, still are what the last checkpoint published to the
 * sink covers. A superuser can rewrite events, chain and tree alike, but not the signed checkpoints
 * outside the database: this is where such a rewrite shows. Null when nothing was published yet.
 */
export async function auditLogAgainstSink(db: Database, verifier: NoteVerifier, dir: string): Promise<CheckpointAudit | null> {
  const last = await lastSinkCheckpoint(dir);
  if (!last) return null;
  const checkpoint = openCheckpoint(last.note, verifier);
  if (!checkpoint || checkpoint.size !== last.size) {
    return { ok: false, firstBadSeq: null, problem: `the sink's last checkpoint (${last.size}) is not signed by the checkpoint key ${verifier.name}` };
  }
  const log = await db.transaction((tx) => recomputeLeaves(tx), { isolationLevel: "repeatable read", accessMode: "read only" });
  return auditAgainstCheckpoint(checkpoint, await readSinkLeaves(dir, checkpoint.size), log);
}
