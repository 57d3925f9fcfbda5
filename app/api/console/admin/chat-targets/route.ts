import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { readJsonBody } from "@/lib/http/read-json-body";
import { withUser } from "@/lib/http/with-user";
import { addChatTarget, ZAddChatTarget } from "@/lib/services/add-chat-target";

/** A chat channel requests are posted to; listed, delivered, replayed and removed with the webhooks. */
export const POST = withUser(async ({ request, service }) => {
  const input = await readJsonBody(request, ZAddChatTarget.strict());
  return Response.json(await addChatTarget(service, input), { status: 201, headers: { "cache-control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
