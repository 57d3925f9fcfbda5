import { z } from "zod";
import { readQuery } from "@/lib/http/read-request-parts";
import { withUser } from "@/lib/http/with-user";
import { AUDIT_PAGE_MAX, listAuditEvents } from "@/lib/services/list-audit-events";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

const ZAuditQuery = z.object({
  type: z.string().max(100).optional(),
  streamId: z.string().max(200).optional(),
  actor: z.string().max(320).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).optional(),
});

export const GET = withUser(async ({ request, user, db }) => {
  const { cursor, limit, ...filter } = readQuery(request, ZAuditQuery);
  return Response.json(await listAuditEvents(db, user, filter, { before: cursor, limit }), { headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
