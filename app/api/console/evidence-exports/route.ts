import { z } from "zod";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { readJsonBody } from "@/lib/http/read-json-body";
import { withUser } from "@/lib/http/with-user";
import { listEvidenceExports } from "@/lib/services/list-evidence-exports";
import { startEvidenceExport } from "@/lib/services/start-evidence-export";

// The period as the download route takes it; `seed`: the auditor's own seed for the sample.
const ZStartExport = z
  .object({ from: z.coerce.date(), to: z.coerce.date(), seed: z.string().min(1).max(200).optional() })
  .strict();

/** The caller's recent background exports, with their progress. */
export const GET = withUser(async ({ service }) => Response.json(await listEvidenceExports(service), { headers: { "cache-control": "no-store" } }));

/** Queues a pack for the worker to build: 202, and the job to poll. */
export const POST = withUser(async ({ request, service }) => {
  const input = await readJsonBody(request, ZStartExport);
  return Response.json(await startEvidenceExport(service, input), { status: 202, headers: { "cache-control": "no-store" } });
});

export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET", "POST");
