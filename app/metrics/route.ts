import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { serveMetrics } from "@/lib/observability/serve-metrics";

export const GET = serveMetrics;

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
