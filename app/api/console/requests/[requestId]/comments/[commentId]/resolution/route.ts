import { withUser } from "@/lib/http/with-user";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { resolveComment } from "@/lib/services/resolve-comment";

/** Marks the question this comment asks answered; it takes no body. */
export const POST = withUser<"requestId" | "commentId">(async ({ service, params }) => Response.json(await resolveComment(service, params.requestId, params.commentId)));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
