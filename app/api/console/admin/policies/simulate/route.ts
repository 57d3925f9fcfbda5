import { readJsonBody } from "@/lib/http/read-json-body";
import { ZPolicyTrial } from "@/lib/http/policy-draft-schemas";
import { withUser } from "@/lib/http/with-user";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { trialPolicyDraft } from "@/lib/services/trial-policy-draft";

export const POST = withUser(async ({ request, service }) => Response.json(await trialPolicyDraft(service, await readJsonBody(request, ZPolicyTrial))));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
