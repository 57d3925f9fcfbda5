import { readJsonBody } from "@/lib/http/read-json-body";
import { ZActionRequestInput, ZIdempotencyKey } from "@/lib/http/schemas";
import { ServiceError } from "@/lib/services/errors";
import { withAgent } from "@/lib/http/with-agent";
import { submitActionRequest } from "@/lib/services/submit-action-request";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

export const POST = withAgent(async ({ request, agent, db }) => {
  const key = ZIdempotencyKey.safeParse(request.headers.get("idempotency-key") ?? undefined);
  if (!key.success) {
    throw new ServiceError("VALIDATION", "The Idempotency-Key header is missing or invalid.", [{ path: "Idempotency-Key", message: key.error.issues[0].message }]);
  }
  const body = await readJsonBody(request, ZActionRequestInput);
  const { view, replayed } = await submitActionRequest(db, agent, body, key.data);
  return Response.json(view, { status: replayed ? 200 : 201, headers: { location: view.links.self } });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
