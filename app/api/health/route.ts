import { checkDatabaseHealth } from "@/lib/services/check-database-health";

export async function GET() {
  const healthy = await checkDatabaseHealth();
  return Response.json(healthy ? { status: "ok" } : { status: "unavailable" }, { status: healthy ? 200 : 503, headers: { "cache-control": "no-store" } });
}
