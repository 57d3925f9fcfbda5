import { withUser } from "@/lib/http/with-user";
import { verifyEventChain } from "@/lib/services/verify-event-chain";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";

export const GET = withUser(async ({ user, db }) => {
  return Response.json(await verifyEventChain(db, user), { headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
