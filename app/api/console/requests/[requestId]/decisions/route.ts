import { z } from "zod";
import { readJsonBody } from "@/lib/http/read-json-body";
import { withUser } from "@/lib/http/with-user";
import { decideActionRequest } from "@/lib/services/decide-action-request";

const ZDecision = z.object({ outcome: z.enum(["approve", "reject"]), reason: z.string().max(2000).optional() }).strict();

export const POST = withUser(async ({ request, user, db, params }) => {
  const { outcome, reason } = await readJsonBody(request, ZDecision);
  return Response.json(await decideActionRequest(db, user, params.requestId, outcome, reason));
});
