import { ZWaitSeconds } from "@/lib/http/schemas";
import { withAgent } from "@/lib/http/with-agent";
import { ServiceError } from "@/lib/services/errors";
import { getActionRequest } from "@/lib/services/get-action-request";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

export const GET = withAgent(async ({ request, agent, db, params }) => {
  const raw = new URL(request.url).searchParams.get("wait");
  const wait = ZWaitSeconds.safeParse(raw ?? 0);
  if (!wait.success) throw new ServiceError("VALIDATION", "wait must be a whole number of seconds from 0 to 60.", [{ path: "wait", message: wait.error.issues[0].message }]);
  const view = await getActionRequest(db, agent, params.requestId, wait.data, request.signal);
  // Carries the grant once approved: never to be kept by a cache along the way.
  return Response.json(view, { headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
