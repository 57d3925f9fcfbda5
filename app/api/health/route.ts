import { checkDatabaseHealth } from "@/lib/services/check-database-health";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

export async function GET() {
  const healthy = await checkDatabaseHealth();
  return Response.json(healthy ? { status: "ok" } : { status: "unavailable" }, { status: healthy ? 200 : 503, headers: { "cache-control": "no-store" } });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
