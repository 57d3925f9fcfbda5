import { z } from "zod";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { readQuery } from "@/lib/http/read-request-parts";
import { ZWaitSeconds } from "@/lib/http/schemas";
import { withAgent } from "@/lib/http/with-agent";
import { getActionRequest } from "@/lib/services/get-action-request";

const ZGetQuery = z.object({ wait: ZWaitSeconds.default(0) });

export const GET = withAgent<"requestId">(async ({ request, agent, db, params }) => {
  const { wait } = readQuery(request, ZGetQuery);
  const view = await getActionRequest(db, agent, params.requestId, wait, request.signal);
  // Carries the grant once approved: never to be kept by a cache along the way.
  return Response.json(view, { headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
