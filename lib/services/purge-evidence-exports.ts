import "server-only";
import { rm } from "node:fs/promises";
import { and, inArray, isNotNull, lt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { evidenceExports } from "@/db/schema";
import { getConfig } from "@/lib/config";
import { evidenceExportPath } from "./evidence-export-files";

/**
 * Removes the files of background exports done longer ago than the retention period and marks them
 * `expired` (the row stays: who exported what, and its SHA-256, remain on record). Reports no work
 * done (0), so the worker rests between rounds.
 */
export async function purgeEvidenceExports(db: Database, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - getConfig().evidenceExports.retentionMs);
  const due = await db
    .select({ id: evidenceExports.id })
    .from(evidenceExports)
    .where(and(inArray(evidenceExports.status, ["succeeded", "failed"]), isNotNull(evidenceExports.finishedAt), lt(evidenceExports.finishedAt, before)));
  for (const { id } of due) await rm(evidenceExportPath(id), { force: true });
  if (due.length) await db.update(evidenceExports).set({ status: "expired" }).where(inArray(evidenceExports.id, due.map((d) => d.id)));
  return 0;
}
