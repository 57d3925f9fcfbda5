import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

/** Liveness: the process answers. No database, so a database outage never gets healthy consoles restarted. */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
