import { getConfig } from "@/lib/config";
import { buildOpenApiDocument } from "@/lib/http/openapi";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

export function GET() {
  return Response.json(buildOpenApiDocument(getConfig().appUrl));
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
