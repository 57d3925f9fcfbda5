import { getConfig } from "@/lib/config";
import { buildOpenApiDocument } from "@/lib/http/openapi";

export function GET() {
  return Response.json(buildOpenApiDocument(getConfig().appUrl));
}
