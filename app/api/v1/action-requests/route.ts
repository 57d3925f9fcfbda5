import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { readJsonBody } from "@/lib/http/read-json-body";
import { readHeader } from "@/lib/http/read-request-parts";
import { ZActionRequestInput, ZIdempotencyKey } from "@/lib/http/schemas";
import { withAgent } from "@/lib/http/with-agent";
import { submitActionRequest } from "@/lib/services/submit-action-request";

export const POST = withAgent(async ({ request, service }) => {
  const key = readHeader(request, "Idempotency-Key", ZIdempotencyKey);
  const body = await readJsonBody(request, ZActionRequestInput);
  const { view, replayed } = await submitActionRequest(service, body, key);
  return Response.json(view, { status: replayed ? 200 : 201, headers: { location: view.links.self } });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
