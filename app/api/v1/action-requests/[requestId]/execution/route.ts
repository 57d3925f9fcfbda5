import { readJsonBody } from "@/lib/http/read-json-body";
import { ZExecutionReport } from "@/lib/http/schemas";
import { withAgent } from "@/lib/http/with-agent";
import { getActionRequest } from "@/lib/services/get-action-request";
import { reportExecution } from "@/lib/services/report-execution";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

export const POST = withAgent<"requestId">(async ({ request, agent, db, params, service }) => {
  await reportExecution(service, params.requestId, await readJsonBody(request, ZExecutionReport));
  return Response.json(await getActionRequest(db, agent, params.requestId));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
