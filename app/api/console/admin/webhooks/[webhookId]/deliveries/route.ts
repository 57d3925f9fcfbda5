import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { withUser } from "@/lib/http/with-user";
import { listWebhookDeliveries } from "@/lib/services/list-webhook-deliveries";

/** `?status=dead` lists the dead letters only. */
export const GET = withUser<"webhookId">(async ({ db, user, params, request }) => {
  const deadOnly = new URL(request.url).searchParams.get("status") === "dead";
  return Response.json({ deliveries: await listWebhookDeliveries(db, user, params.webhookId, { deadOnly }) }, { headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
