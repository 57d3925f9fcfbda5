import { getPublicJwks } from "@/lib/services/signing-keys";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

export async function GET() {
  return Response.json(await getPublicJwks(), { headers: { "cache-control": "public, max-age=300" } });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
