import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { problemResponse } from "@/lib/http/problem";
import { requestIdFor } from "@/lib/http/request-id";
import { checkDatabaseHealth } from "@/lib/services/check-database-health";

/** The contract's check: 200 {"status":"ok"} while the database answers; a 503 problem otherwise, like every /api/ error. */
export async function GET(request: Request) {
  if (!(await checkDatabaseHealth())) return problemResponse("UNAVAILABLE", "The database does not answer.", requestIdFor(request));
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
