import "server-only";
import type { evidenceExports } from "@/db/schema";
import { getConfig } from "@/lib/config";
import type { EvidenceExportView } from "@/lib/domain/evidence-exports/evidence-export";

/** The row as its requester sees it. */
export function evidenceExportView(row: typeof evidenceExports.$inferSelect): EvidenceExportView {
  const done = row.status === "succeeded" || row.status === "failed";
  return {
    id: row.id,
    status: row.status,
    period: { from: row.periodFrom.toISOString(), to: row.periodTo.toISOString() },
    seed: row.seed,
    eventsDone: row.eventsDone,
    eventsTotal: row.eventsTotal,
    filename: row.filename,
    sha256: row.sha256,
    bytes: row.bytes,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    expiresAt: done && row.finishedAt ? new Date(row.finishedAt.getTime() + getConfig().evidenceExports.retentionMs).toISOString() : null,
  };
}
