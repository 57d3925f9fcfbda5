import { problemResponse } from "@/lib/http/problem";
import { requestIdFor } from "@/lib/http/request-id";

/** Unknown API paths answer in the API's own language (problem+json), not with the console's HTML 404. */
function notFound(request: Request) {
  return problemResponse("NOT_FOUND", "There is no such API endpoint. See /api/v1/openapi.json.", requestIdFor(request));
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
