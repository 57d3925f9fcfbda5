import type { Checkpoint } from "./checkpoint";
import { treeRoot, type Hash } from "./tree-hash";

export type CheckpointAudit =
  | { ok: true; size: number }
  | { ok: false; firstBadSeq: number | null; problem: string };

/**
 * Whether the log (its leaves recomputed from the events as they are now, in seq order) still holds
 * what a signed checkpoint covers. `published` are the leaf hashes published beside the checkpoint;
 * they are trusted only once they rebuild its signed root, and then they name the first seq that
 * differs, which a root alone could not. Leaf i is seq i + 1.
 */
export function auditAgainstCheckpoint(checkpoint: Checkpoint, published: readonly Hash[], log: readonly Hash[]): CheckpointAudit {
  if (published.length < checkpoint.size || !treeRoot(published, checkpoint.size).equals(checkpoint.root)) {
    return { ok: false, firstBadSeq: null, problem: `the leaves published beside the checkpoint of size ${checkpoint.size} do not rebuild its signed root: the sink itself was changed` };
  }
  for (let i = 0; i < checkpoint.size; i++) {
    const seq = i + 1;
    const leaf = log[i];
    if (!leaf) return { ok: false, firstBadSeq: seq, problem: `seq ${seq} is covered by the checkpoint of size ${checkpoint.size} but the log ends at seq ${log.length}: events were deleted` };
    if (!leaf.equals(published[i] as Hash)) {
      return { ok: false, firstBadSeq: seq, problem: `the event at seq ${seq} is not the one the checkpoint of size ${checkpoint.size} covers: it was changed, moved or replaced` };
    }
  }
  return { ok: true, size: checkpoint.size };
}
