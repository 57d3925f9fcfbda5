import { withUser } from "@/lib/http/with-user";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { listNotifications } from "@/lib/services/list-notifications";

/** The signed-in person's inbox. */
export const GET = withUser(async ({ service }) => Response.json(await listNotifications(service)));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
