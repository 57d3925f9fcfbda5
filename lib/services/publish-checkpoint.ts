import "server-only";
import { desc, max } from "drizzle-orm";
import type { Database } from "@/db/client";
import { logCheckpoints, logTreeHeads } from "@/db/schema";
import { auditAgainstCheckpoint } from "@/lib/domain/merkle/audit-against-checkpoint";
import { openCheckpointWithAny, signCheckpoint, type NoteSigner, type NoteVerifier } from "@/lib/domain/merkle/checkpoint";
import { appendLeaves, EMPTY_RANGE, rangeRoot } from "@/lib/domain/merkle/compact-range";
import { lastSinkCheckpoint, readSinkLeaves, writeSinkCheckpoint, writeSinkHeartbeat } from "./checkpoint-sink";
import { readCompactRange } from "./prove-from-stored-nodes";
import { readStoredLeaves } from "./read-log-leaves";
import { sealAllQueued } from "./seal-events";
import { trySealerLock } from "./sealer-lock";

/** The tree no longer extends what was published: signing it would put a fork on record. */
export class CheckpointConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckpointConflictError";
  }
}

type PublishedCheckpoint = { size: number; note: string; heartbeat: boolean };

/**
 * Signs the latest tree head and publishes it to the sink, unless the sink already holds it. Never
 * signs a tree the last published checkpoint is not a prefix of (a consistency proof must verify
 * first). Runs under the sealer's lock, as the sealer's login, so replicas publish one at a time,
 * and seals whatever is queued first, so the checkpoint covers every event committed before it (what
 * makes a later event that claims an earlier time recognisably backdated). `accepted` are the keys
 * whose signature on the sink's last checkpoint it trusts: the signer's and those rotated out. Every
 * note carries a timestamped cosignature of `now`; when the tree has not grown for `heartbeatSeconds`,
 * the same tree is signed again at the new time (a heartbeat), so a witness can tell a quiet log from a
 * stalled publisher. Returns what was published, or null when nothing was due (or another replica
 * holds the lock).
 */
export async function publishCheckpoint(
  sealerDb: Database,
  signer: NoteSigner,
  dir: string,
  { accepted = [signer], now = new Date(), heartbeatSeconds = 600 }: { accepted?: readonly NoteVerifier[]; now?: Date; heartbeatSeconds?: number } = {},
): Promise<PublishedCheckpoint | null> {
  return sealerDb.transaction(async (tx) => {
    if (!(await trySealerLock(tx))) return null;
    await sealAllQueued(tx);
    const [head] = await tx.select().from(logTreeHeads).orderBy(desc(logTreeHeads.size)).limit(1);
    if (!head) return null;
    const last = await lastSinkCheckpoint(dir);
    const previous = last ? openCheckpointWithAny(last.note, accepted) : null;
    if (last && previous?.size !== last.size) throw new CheckpointConflictError(`the sink's last checkpoint (${last.size}) is not signed by this checkpoint key or a retired one; refusing to publish over it`);
    if (previous && previous.size >= head.size) {
      if (previous.size === head.size && previous.root.toString("hex") === head.rootHash) {
        const [{ signedAt } = { signedAt: null }] = await tx.select({ signedAt: max(logCheckpoints.publishedAt) }).from(logCheckpoints);
        if (signedAt && now.getTime() - signedAt.getTime() < heartbeatSeconds * 1000) return null;
        const note = signCheckpoint({ origin: signer.name, size: head.size, root: previous.root }, signer, now);
        await writeSinkHeartbeat(dir, head.size, now, note);
        await tx.insert(logCheckpoints).values({ size: head.size, note, publishedAt: now });
        return { size: head.size, note, heartbeat: true };
      }
      throw new CheckpointConflictError(`the tree (size ${head.size}) does not extend the last published checkpoint (size ${previous.size}); refusing to sign it`);
    }
    // O(new leaves + log n), however long the log: the tree at the last checkpoint is read back as its
    // compact range from the stored nodes, and must have the root that checkpoint signed; the leaves
    // added since, appended to it, must give the head's root. Together that is the consistency proof
    // the last checkpoint needs, and it vouches for every leaf the sink receives.
    const base = previous ? await readCompactRange(tx, previous.size) : EMPTY_RANGE;
    if (previous && !rangeRoot(base).equals(previous.root)) {
      const audit = auditAgainstCheckpoint(previous, await readSinkLeaves(dir, previous.size), await readStoredLeaves(tx, head.size));
      // Leaves that still match the sink leave the stored nodes as what was changed.
      const problem = audit.ok ? `the stored nodes of the tree of size ${previous.size} do not rebuild its signed root (log_nodes was changed)` : audit.problem;
      throw new CheckpointConflictError(`the tree does not extend the last published checkpoint: ${problem}; refusing to sign it`);
    }
    const added = await readStoredLeaves(tx, head.size, base.size);
    const root = rangeRoot(appendLeaves(base, added));
    if (added.length !== head.size - base.size || root.toString("hex") !== head.rootHash) throw new CheckpointConflictError(`the tree's leaves do not rebuild its head at size ${head.size}; refusing to sign it`);
    const note = signCheckpoint({ origin: signer.name, size: head.size, root }, signer, now);
    await writeSinkCheckpoint(dir, head.size, note, added);
    await tx.insert(logCheckpoints).values({ size: head.size, note, publishedAt: now });
    return { size: head.size, note, heartbeat: false };
  });
}
