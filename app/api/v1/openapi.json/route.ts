import { getConfig } from "@/lib/config";
import { buildOpenApiDocument } from "@/lib/http/openapi";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

export function GET() {
  const { appUrl, agentLimits } = getConfig();
  return Response.json(buildOpenApiDocument(appUrl, agentLimits));
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
