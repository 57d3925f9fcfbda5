import { readJsonBody } from "@/lib/http/read-json-body";
import { ZPolicyDraft } from "@/lib/http/policy-draft-schemas";
import { withUser } from "@/lib/http/with-user";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { checkPolicyDraft } from "@/lib/services/check-policy-draft";

/** POST, though it changes nothing: the draft is a body, and a session's POST is held to the console's origin. */
export const POST = withUser(async ({ request, service }) => {
  const { yaml } = await readJsonBody(request, ZPolicyDraft);
  return Response.json(await checkPolicyDraft(service, yaml));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
