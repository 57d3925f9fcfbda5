import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { serveReadiness } from "@/lib/http/serve-readiness";

export const GET = serveReadiness;

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
