import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { problemResponse } from "@/lib/http/problem";
import { requestIdFor } from "@/lib/http/request-id";
import { checkDatabaseHealth } from "@/lib/services/check-database-health";
import { readSealingStatus } from "@/lib/services/read-sealing-status";

/**
 * The contract's check: 200 while the database answers, a 503 problem otherwise, like every /api/
 * error. While sealing has stalled it is still 200 (the console serves; high-risk rules grant
 * nothing) but says so: {"status":"degraded","detail":…}.
 */
export async function GET(request: Request) {
  if (!(await checkDatabaseHealth())) return problemResponse("UNAVAILABLE", "The database does not answer.", requestIdFor(request));
  const sealing = await readSealingStatus();
  const body = sealing.ok ? { status: "ok" } : { status: "degraded", detail: sealing.message };
  return Response.json(body, { headers: { "cache-control": "no-store" } });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
