import { withUser } from "@/lib/http/with-user";
import { verifyEventChain } from "@/lib/services/verify-event-chain";

export const GET = withUser(async ({ user, db }) => {
  return Response.json(await verifyEventChain(db, user), { headers: { "cache-control": "no-store" } });
});
