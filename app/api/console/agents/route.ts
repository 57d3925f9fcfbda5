import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { readJsonBody } from "@/lib/http/read-json-body";
import { withUser } from "@/lib/http/with-user";
import { createAgent, ZCreateAgent } from "@/lib/services/create-agent";
import { listAgents } from "@/lib/services/list-agents";

export const GET = withUser(async ({ db, user }) => Response.json({ agents: await listAgents(db, user) }, { headers: { "cache-control": "no-store" } }));

/** The answer holds the new key, shown once: no cache may keep it. */
export const POST = withUser(async ({ request, service }) => {
  const input = await readJsonBody(request, ZCreateAgent.strict());
  return Response.json(await createAgent(service, input), { status: 201, headers: { "cache-control": "no-store" } });
});

export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET", "POST");
