import { z } from "zod";
import { readJsonBody } from "@/lib/http/read-json-body";
import { withUser } from "@/lib/http/with-user";
import { approveActionRequest } from "@/lib/services/approve-action-request";
import { breakGlassActionRequest } from "@/lib/services/break-glass-action-request";
import { REASON_MAX_LENGTH } from "@/lib/services/decide-action-request";
import { rejectActionRequest } from "@/lib/services/reject-action-request";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

const ZDecision = z.object({ outcome: z.enum(["approve", "reject", "break-glass"]), reason: z.string().max(REASON_MAX_LENGTH).optional() }).strict();

const DECIDE = { approve: approveActionRequest, reject: rejectActionRequest, "break-glass": breakGlassActionRequest } as const;

export const POST = withUser<"requestId">(async ({ request, service, params }) => {
  const { outcome, reason } = await readJsonBody(request, ZDecision);
  return Response.json(await DECIDE[outcome](service, params.requestId, reason ?? ""));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
