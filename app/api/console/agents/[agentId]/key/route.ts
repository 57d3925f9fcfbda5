import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { withUser } from "@/lib/http/with-user";
import { rotateApiKey } from "@/lib/services/issue-api-key";

/** Rotation: a new key replaces the agent's key at once. The answer holds it, shown once: no cache may keep it. */
export const POST = withUser<"agentId">(async ({ service, params }) =>
  Response.json(await rotateApiKey(service, params.agentId), { headers: { "cache-control": "no-store" } }),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
