import "server-only";
import { evidenceExports } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import type { EvidenceExportView } from "@/lib/domain/evidence-exports/evidence-export";
import { ServiceError } from "./errors";
import { evidenceExportView } from "./evidence-export-view";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

/**
 * Queues an evidence pack for [from, to) for the worker to build (run-evidence-export.ts): for periods
 * too large to wait for in one HTTP response. Auditors and administrators only; the worker exports
 * as the requester, whose identity the pack's `evidence.exported` event records.
 */
export async function startEvidenceExport(ctx: ServiceContext<UserActor>, input: { from: Date; to: Date; seed?: string }): Promise<EvidenceExportView> {
  const { db, actor, now } = ctx;
  requireCapability(actor, "exportEvidence");
  if (!(input.from < input.to)) throw new ServiceError("VALIDATION", "The period is empty.", [{ path: "from", message: "'from' must be before 'to'." }]);
  const [row] = await db
    .insert(evidenceExports)
    .values({ requestedBy: actor.id, actor, periodFrom: input.from, periodTo: input.to, seed: input.seed ?? null, createdAt: now })
    .returning();
  return evidenceExportView(row!);
}
