import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { withUser } from "@/lib/http/with-user";
import { removeWebhook } from "@/lib/services/remove-webhook";

export const POST = withUser<"webhookId">(async ({ service, params }) => Response.json(await removeWebhook(service, params.webhookId)));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
