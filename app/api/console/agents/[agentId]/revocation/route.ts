import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { withUser } from "@/lib/http/with-user";
import { revokeAgent } from "@/lib/services/revoke-agent";

export const POST = withUser<"agentId">(async ({ service, params }) => Response.json(await revokeAgent(service, params.agentId)));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
