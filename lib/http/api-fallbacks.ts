import { problemResponse } from "./problem";
import { requestIdFor } from "./request-id";

type Handler = (request: Request) => Response;
type Served = "GET" | "POST";
/** Every method a route module can export besides HEAD, which Next answers from GET without a body. */
type RouteMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

/** Unknown API paths answer in the API's own language (problem+json), not with the console's HTML 404. */
export const apiNotFound: Handler = (request) =>
  problemResponse("NOT_FOUND", "There is no such API endpoint. See /api/v1/openapi.json.", requestIdFor(request));

/**
 * The handlers for every method an API route does not serve: a problem+json 405 naming the allowed
 * ones (Next's own 405 has no body), and an OPTIONS answer whose Allow names only what is served
 * (Next's own would list these refusals too). Spread into the route's exports:
 * `export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET")`. A test walks app/ and
 * requires every route to export all six methods, so no route falls back to Next's empty answers.
 */
export function methodsNotAllowed(...served: Served[]): Record<RouteMethod, Handler> {
  const allow = [...served, ...(served.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const refuse: Handler = (request) => {
    const response = problemResponse("METHOD_NOT_ALLOWED", `This endpoint accepts ${served.join(" and ")} only.`, requestIdFor(request));
    response.headers.set("allow", allow);
    return response;
  };
  const options: Handler = () => new Response(null, { status: 204, headers: { allow } });
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse, OPTIONS: options };
}
