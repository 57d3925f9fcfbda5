import { withUser } from "@/lib/http/with-user";
import { requireCapability } from "@/lib/services/require-capability";
import { verifyEventChain } from "@/lib/services/verify-event-chain";

export const GET = withUser(async ({ user, db }) => {
  requireCapability(user, "readAuditLog");
  return Response.json(await verifyEventChain(db), { headers: { "cache-control": "no-store" } });
});
