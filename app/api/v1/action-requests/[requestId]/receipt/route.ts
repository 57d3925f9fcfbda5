import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { withAgent } from "@/lib/http/with-agent";
import { buildReceipt } from "@/lib/services/build-receipt";

export const GET = withAgent<"requestId">(async ({ agent, db, params }) => Response.json(await buildReceipt(db, agent, params.requestId)));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
