import { withAgent } from "@/lib/http/with-agent";
import { cancelActionRequest } from "@/lib/services/cancel-action-request";
import { getActionRequest } from "@/lib/services/get-action-request";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

export const POST = withAgent<"requestId">(async ({ agent, db, params, service }) => {
  await cancelActionRequest(service, params.requestId);
  return Response.json(await getActionRequest(db, agent, params.requestId));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
