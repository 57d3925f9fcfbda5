import { z } from "zod";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { readJsonBody } from "@/lib/http/read-json-body";
import { withUser } from "@/lib/http/with-user";
import { REASON_MAX_LENGTH } from "@/lib/services/decide-action-request";
import { MAX_BULK_REJECT, rejectActionRequests } from "@/lib/services/reject-action-requests";

const ZBulkReject = z.object({ ids: z.array(z.uuid()).min(1).max(MAX_BULK_REJECT), reason: z.string().max(REASON_MAX_LENGTH) }).strict();

/** Bulk reject: one reason, each request through the reject verb; the answer says, per request, rejected or why not. */
export const POST = withUser(async ({ request, service }) => {
  const { ids, reason } = await readJsonBody(request, ZBulkReject);
  return Response.json({ outcomes: await rejectActionRequests(service, ids, reason) });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
