import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { readJsonBody } from "@/lib/http/read-json-body";
import { withUser } from "@/lib/http/with-user";
import { addWebhook, ZAddWebhook } from "@/lib/services/add-webhook";
import { listWebhooks } from "@/lib/services/list-webhooks";

export const GET = withUser(async ({ db, user }) => Response.json(await listWebhooks(db, user), { headers: { "cache-control": "no-store" } }));

/** An HMAC subscription's answer holds its secret, shown once: no cache may keep it. */
export const POST = withUser(async ({ request, service }) => {
  const input = await readJsonBody(request, ZAddWebhook.strict());
  return Response.json(await addWebhook(service, input), { status: 201, headers: { "cache-control": "no-store" } });
});

export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET", "POST");
