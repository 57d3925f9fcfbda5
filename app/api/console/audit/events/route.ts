import { z } from "zod";
import { withUser } from "@/lib/http/with-user";
import { listAuditEvents } from "@/lib/services/list-audit-events";

const ZAuditQuery = z.object({
  type: z.string().max(100).optional(),
  streamId: z.string().max(200).optional(),
  actor: z.string().max(320).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

export const GET = withUser(async ({ request, user, db }) => {
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  return Response.json(await listAuditEvents(db, user, ZAuditQuery.parse(params)), { headers: { "cache-control": "no-store" } });
});
