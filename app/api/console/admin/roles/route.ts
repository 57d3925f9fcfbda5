import { withUser } from "@/lib/http/with-user";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { listRoleHolders } from "@/lib/services/list-role-holders";

export const GET = withUser(async ({ service }) => Response.json({ people: await listRoleHolders(service) }, { headers: { "cache-control": "no-store" } }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
