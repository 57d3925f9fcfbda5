import "server-only";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import { appendEvents } from "@/db/event-store";
import { evidenceExports } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import { ServiceError } from "./errors";
import { evidenceExportPath } from "./evidence-export-files";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A finished background export's file, for the person who asked for it. Every download is recorded
 * in the log (`evidence.downloaded`: who fetched which pack, by its SHA-256) before the first byte is
 * sent. Someone else's export, an unknown one and one whose file has expired are all "not found".
 */
export async function openEvidenceExport(ctx: ServiceContext<UserActor>, id: string): Promise<{ filename: string; bytes: number; sha256: string; stream: ReadableStream<Uint8Array> }> {
  const { db, actor, now } = ctx;
  requireCapability(actor, "exportEvidence");
  const notFound = new ServiceError("NOT_FOUND", "There is no such evidence export of yours, or its file has expired.");
  if (!UUID.test(id)) throw notFound;
  const [row] = await db.select().from(evidenceExports).where(and(eq(evidenceExports.id, id), eq(evidenceExports.requestedBy, actor.id)));
  if (!row || row.status !== "succeeded" || !row.filename || !row.sha256) throw notFound;
  const file = evidenceExportPath(row.id);
  const size = await stat(file).then((s) => s.size, () => null);
  if (size === null) throw notFound;
  await db.transaction((tx) =>
    appendEvents(
      tx,
      [
        {
          type: "evidence.downloaded",
          streamType: "evidence",
          streamId: row.sha256!,
          actor: toRecordedActor(actor),
          data: { exportId: row.id, filename: row.filename, sha256: row.sha256, bytes: size, period: { from: row.periodFrom.toISOString(), to: row.periodTo.toISOString() } },
        },
      ],
      { now, correlationId: ctx.requestId },
    ),
  );
  return { filename: row.filename, bytes: size, sha256: row.sha256, stream: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array> };
}
