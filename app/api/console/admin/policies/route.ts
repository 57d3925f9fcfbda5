import { withUser } from "@/lib/http/with-user";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { readPolicyVersions } from "@/lib/services/read-policy-versions";

export const GET = withUser(async ({ service }) => Response.json(await readPolicyVersions(service), { headers: { "cache-control": "no-store" } }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
