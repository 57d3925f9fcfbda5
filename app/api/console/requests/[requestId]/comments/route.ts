import { z } from "zod";
import { readJsonBody } from "@/lib/http/read-json-body";
import { withUser } from "@/lib/http/with-user";
import { addComment, COMMENT_MAX_LENGTH, COMMENT_TOO_LONG } from "@/lib/services/add-comment";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

/** A comment, or with `replyTo` a reply in the thread that comment starts. */
const ZComment = z.object({ body: z.string().max(COMMENT_MAX_LENGTH, COMMENT_TOO_LONG), replyTo: z.uuid().optional() }).strict();

export const POST = withUser<"requestId">(async ({ request, service, params }) => {
  const { body, replyTo } = await readJsonBody(request, ZComment);
  return Response.json(await addComment(service, params.requestId, body, { replyTo }), { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
