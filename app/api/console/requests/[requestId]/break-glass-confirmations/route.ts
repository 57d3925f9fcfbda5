import { withUser } from "@/lib/http/with-user";
import { confirmBreakGlass } from "@/lib/services/confirm-break-glass";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

/** A confirmation of the request's break-glass approval, in its follow-up review; it takes no body. */
export const POST = withUser<"requestId">(async ({ service, params }) => Response.json(await confirmBreakGlass(service, params.requestId)));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
