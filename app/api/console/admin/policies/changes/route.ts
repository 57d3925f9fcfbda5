import { readJsonBody } from "@/lib/http/read-json-body";
import { ZPolicyDraft } from "@/lib/http/policy-draft-schemas";
import { withUser } from "@/lib/http/with-user";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { proposePolicyChange } from "@/lib/services/propose-policy-change";

/** Proposes the draft as a policy change authored by the signed-in administrator; another must approve it. */
export const POST = withUser(async ({ request, service, user }) => {
  const { yaml } = await readJsonBody(request, ZPolicyDraft);
  return Response.json(await proposePolicyChange(service, { yaml, authorEmail: user.email }), { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
