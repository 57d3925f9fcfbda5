import { z } from "zod";
import { readQuery } from "@/lib/http/read-request-parts";
import { withUser } from "@/lib/http/with-user";
import { exportEvidencePack } from "@/lib/services/export-evidence-pack";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

// `seed`: the auditor's own seed for the sample (else the export draws one and records it);
// `linkFrom`: the size of the checkpoint the previous pack ended on, to prove this one extends it.
const ZPackQuery = z.object({
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  seed: z.string().min(1).max(200).optional(),
  linkFrom: z.coerce.number().int().positive().optional(),
});

export const GET = withUser(async ({ request, user, db }) => {
  const { seed, linkFrom, ...period } = readQuery(request, ZPackQuery);
  const pack = await exportEvidencePack(db, user, period, { sampleSeed: seed, linkFrom });
  // Streamed as it is written: a pack of a million events never sits whole in the server's memory.
  return new Response(pack.stream, {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${pack.filename}"`,
      "cache-control": "no-store",
    },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
