import { withUser } from "@/lib/http/with-user";
import { getRequestDetail } from "@/lib/services/get-request-detail";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

export const GET = withUser<"requestId">(async ({ user, db, params }) =>
  Response.json(await getRequestDetail(db, user, params.requestId), { headers: { "cache-control": "no-store" } }),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
