import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { withUser } from "@/lib/http/with-user";
import { replayWebhookDelivery } from "@/lib/services/replay-webhook-delivery";

export const POST = withUser<"deliveryId">(async ({ service, params }) => Response.json(await replayWebhookDelivery(service, params.deliveryId)));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
