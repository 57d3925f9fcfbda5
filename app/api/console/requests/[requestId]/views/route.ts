import { z } from "zod";
import { readJsonBody } from "@/lib/http/read-json-body";
import { withUser } from "@/lib/http/with-user";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { recordRequestView } from "@/lib/services/record-request-view";

/** The newest event the page has shown the viewer. */
const ZView = z.object({ seenEventId: z.number().int().positive() }).strict();

/** The viewer has looked at the request up to `seenEventId` (for "since you last looked"). */
export const POST = withUser<"requestId">(async ({ request, service, params }) => {
  const { seenEventId } = await readJsonBody(request, ZView);
  return Response.json(await recordRequestView(service, params.requestId, seenEventId));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
