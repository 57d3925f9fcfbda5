import { withUser } from "@/lib/http/with-user";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { markNotificationsRead } from "@/lib/services/mark-notifications-read";

/** Marks all of the signed-in person's notifications read; it takes no body. */
export const POST = withUser(async ({ service }) => Response.json({ marked: await markNotificationsRead(service) }));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
