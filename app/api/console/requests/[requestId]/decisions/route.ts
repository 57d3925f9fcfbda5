import { z } from "zod";
import { readJsonBody } from "@/lib/http/read-json-body";
import { withUser } from "@/lib/http/with-user";
import { approveActionRequest } from "@/lib/services/approve-action-request";
import { REASON_MAX_LENGTH } from "@/lib/services/decide-action-request";
import { rejectActionRequest } from "@/lib/services/reject-action-request";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

const ZDecision = z.object({ outcome: z.enum(["approve", "reject"]), reason: z.string().max(REASON_MAX_LENGTH).optional() }).strict();

export const POST = withUser<"requestId">(async ({ request, service, params }) => {
  const { outcome, reason } = await readJsonBody(request, ZDecision);
  const result =
    outcome === "approve" ? await approveActionRequest(service, params.requestId, reason) : await rejectActionRequest(service, params.requestId, reason ?? "");
  return Response.json(result);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
