import { problemResponse } from "./problem";
import { requestIdFor } from "./request-id";

type Handler = (request: Request) => Response;

/** Unknown API paths answer in the API's own language (problem+json), not with the console's HTML 404. */
export const apiNotFound: Handler = (request) =>
  problemResponse("NOT_FOUND", "There is no such API endpoint. See /api/v1/openapi.json.", requestIdFor(request));

/**
 * The handlers for every method an API route does not serve: a problem+json 405 naming the allowed
 * ones (Next's own 405 has no body). Spread into the route's exports: `export const { GET, … } = …`.
 */
export function methodsNotAllowed(...allowed: ("GET" | "POST")[]): Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler> {
  const refuse: Handler = (request) => {
    const response = problemResponse("METHOD_NOT_ALLOWED", `This endpoint accepts ${allowed.join(" and ")} only.`, requestIdFor(request));
    response.headers.set("allow", allowed.join(", "));
    return response;
  };
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse };
}
