import "server-only";
import { desc, eq } from "drizzle-orm";
import { evidenceExports } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { RECENT_EXPORTS, type EvidenceExportView } from "@/lib/domain/evidence-exports/evidence-export";
import { evidenceExportView } from "./evidence-export-view";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

/** The caller's own recent background exports, newest first: leaving /audit does not lose one. */
export async function listEvidenceExports(ctx: ServiceContext<UserActor>): Promise<EvidenceExportView[]> {
  requireCapability(ctx.actor, "exportEvidence");
  const rows = await ctx.db.select().from(evidenceExports).where(eq(evidenceExports.requestedBy, ctx.actor.id)).orderBy(desc(evidenceExports.createdAt)).limit(RECENT_EXPORTS);
  return rows.map(evidenceExportView);
}
