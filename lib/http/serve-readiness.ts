import "server-only";
import { checkReadiness } from "@/lib/services/check-readiness";
import { errorToProblem, problemResponse } from "./problem";
import { requestIdFor } from "./request-id";

/** Readiness: 200 when this console can serve, else a problem+json 503 naming each check that failed. */
export async function serveReadiness(request: Request): Promise<Response> {
  const requestId = requestIdFor(request);
  try {
    const { ready, problems } = await checkReadiness();
    const response = ready
      ? Response.json({ status: "ready" })
      : problemResponse("NOT_READY", `Not ready: ${problems.map((p) => p.message).join(" ")}`, requestId, problems.map((p) => ({ path: p.check, message: p.message })));
    response.headers.set("cache-control", "no-store");
    return response;
  } catch (error) {
    return errorToProblem(error, requestId);
  }
}
