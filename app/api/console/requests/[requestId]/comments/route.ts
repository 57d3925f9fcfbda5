import { z } from "zod";
import { readJsonBody } from "@/lib/http/read-json-body";
import { withUser } from "@/lib/http/with-user";
import { addComment } from "@/lib/services/add-comment";

const ZComment = z.object({ body: z.string().max(10_000, "Keep comments under 10,000 characters.") }).strict();

export const POST = withUser(async ({ request, user, db, params }) => {
  const { body } = await readJsonBody(request, ZComment);
  return Response.json(await addComment(db, user, params.requestId, body), { status: 201 });
});
