import "server-only";
import { createHash } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { evidenceExports } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { log } from "@/lib/logging/logger";
import { describeErrorSafely } from "./describe-error";
import { ServiceError } from "./errors";
import { evidenceExportPath } from "./evidence-export-files";
import { exportEvidencePack } from "./export-evidence-pack";

/** How long a claim holds without news: progress renews it; a worker that died loses the job after this. */
const LEASE_MS = 120_000;
/** Progress is written at most this often: a million events are a few hundred batches. */
const PROGRESS_EVERY_MS = 500;

/**
 * Builds the oldest queued background export, if any: claims it (SKIP LOCKED, so one worker builds
 * each), streams the pack (the same export the download route streams) into a 0600 file under
 * EVIDENCE_EXPORT_DIR while hashing it, writing progress as events are packed; done, the file is
 * renamed into place and the job records its name, size and SHA-256. Whatever fails, the partial file
 * is removed and the job ends `failed` with an error a person can read (a refusal's own message,
 * else a generic one; the details go to the worker's log). A job whose worker died (lease passed)
 * fails the same way. Returns how many jobs it finished.
 */
export async function runEvidenceExport(db: Database, { now = () => new Date(), sealWaitMs }: { now?: () => Date; sealWaitMs?: number } = {}): Promise<number> {
  await db
    .update(evidenceExports)
    .set({ status: "failed", error: "The worker building this export stopped before it finished. Start the export again.", finishedAt: now(), leasedUntil: null })
    .where(and(eq(evidenceExports.status, "running"), lt(evidenceExports.leasedUntil, now())));
  const [job] = await db.execute<{ id: string }>(sql`
    update evidence_exports set status = 'running', started_at = ${now().toISOString()}::timestamptz, leased_until = ${new Date(now().getTime() + LEASE_MS).toISOString()}::timestamptz
    where id = (select id from evidence_exports where status = 'queued' order by created_at limit 1 for update skip locked)
    returning id`);
  if (!job) return 0;
  const [row] = await db.select().from(evidenceExports).where(eq(evidenceExports.id, job.id));
  const target = evidenceExportPath(job.id);
  const partial = `${target}.part`;
  try {
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    let lastWrite = 0;
    let writing: Promise<unknown> = Promise.resolve();
    const pack = await exportEvidencePack(db, storedActor(row!.actor), { from: row!.periodFrom, to: row!.periodTo }, {
      sampleSeed: row!.seed ?? undefined,
      ...(sealWaitMs !== undefined && { sealWaitMs }),
      onProgress: (eventsDone) => {
        if (now().getTime() - lastWrite < PROGRESS_EVERY_MS) return;
        lastWrite = now().getTime();
        writing = writing.then(() =>
          db.update(evidenceExports).set({ eventsDone, leasedUntil: new Date(now().getTime() + LEASE_MS) }).where(eq(evidenceExports.id, job.id)),
        );
      },
    });
    await db.update(evidenceExports).set({ eventsTotal: pack.events, filename: pack.filename }).where(eq(evidenceExports.id, job.id));
    const hash = createHash("sha256");
    let bytes = 0;
    // Only the worker's user may read it: a pack names people and what they approved.
    const file = await open(partial, "w", 0o600);
    try {
      const reader = pack.stream.getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        hash.update(next.value);
        bytes += next.value.length;
        await file.write(next.value);
      }
    } finally {
      await file.close();
    }
    await writing;
    await rename(partial, target);
    await db
      .update(evidenceExports)
      .set({ status: "succeeded", eventsDone: pack.events, sha256: hash.digest("hex"), bytes, finishedAt: now(), leasedUntil: null })
      .where(eq(evidenceExports.id, job.id));
  } catch (error) {
    await rm(partial, { force: true });
    if (!(error instanceof ServiceError)) log.error("A background evidence export failed", { source: "worker", exportId: job.id, error: describeErrorSafely(error) });
    const message = error instanceof ServiceError ? error.message : `The export failed on the server (reference ${job.id}); the worker's log has the details.`;
    await db.update(evidenceExports).set({ status: "failed", error: message, finishedAt: now(), leasedUntil: null }).where(eq(evidenceExports.id, job.id));
  }
  return 1;
}

/** The requester as stored in JSON: the time of their sign-in comes back as text, and is a Date again. */
function storedActor(stored: unknown): UserActor {
  const actor = stored as UserActor & { authentication?: { time: string | Date | null } };
  const time = actor.authentication?.time;
  return actor.authentication ? { ...actor, authentication: { ...actor.authentication, time: time ? new Date(time) : null } } : actor;
}
