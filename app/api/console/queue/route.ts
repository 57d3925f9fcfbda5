import { z } from "zod";
import { withUser } from "@/lib/http/with-user";
import { listQueue } from "@/lib/services/list-queue";

const ZFilter = z.enum(["pending", "decided", "all"]).catch("pending");

export const GET = withUser(async ({ request, user, db }) => {
  const filter = ZFilter.parse(new URL(request.url).searchParams.get("filter"));
  return Response.json(await listQueue(db, user, filter), { headers: { "cache-control": "no-store" } });
});
