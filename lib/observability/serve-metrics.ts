import "server-only";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/config";
import { errorToProblem, problemResponse } from "@/lib/http/problem";
import { requestIdFor } from "@/lib/http/request-id";
import { log } from "@/lib/logging/logger";
import { readOperationalFigures } from "@/lib/services/read-operational-figures";
import { checkMetricsAccess } from "./metrics-access";
import { consoleMetrics } from "./metrics";

/**
 * GET /metrics: this process's counters and the figures PostgreSQL holds, read now. A database that
 * does not answer leaves those series out (countersign_database_up 0) rather than failing the scrape,
 * so the process metrics still arrive when they matter most. Refusals are problem+json like the API's.
 */
export async function serveMetrics(request: Request): Promise<Response> {
  const requestId = requestIdFor(request);
  try {
    const access = checkMetricsAccess(request.headers.get("authorization"), getConfig().metricsToken);
    if (access === "not-configured") return problemResponse("FORBIDDEN", "Metrics are off: set METRICS_TOKEN and scrape with Authorization: Bearer <token>.", requestId);
    if (access === "no-credentials") return problemResponse("UNAUTHENTICATED", "Send the metrics token as Authorization: Bearer <token>.", requestId);
    if (access === "wrong-credentials") return problemResponse("FORBIDDEN", "The metrics token is not valid.", requestId);
    const metrics = consoleMetrics();
    const figures = await readOperationalFigures(getDb(), new Date()).catch((error: unknown) => {
      log.warn("Metrics: the database figures are unavailable", { requestId, error });
      return null;
    });
    metrics.database.show(figures);
    return new Response(await metrics.registry.metrics(), {
      headers: { "content-type": metrics.registry.contentType, "cache-control": "no-store", "x-request-id": requestId },
    });
  } catch (error) {
    return errorToProblem(error, requestId);
  }
}
