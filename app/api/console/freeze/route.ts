import { z } from "zod";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { readJsonBody } from "@/lib/http/read-json-body";
import { withUser } from "@/lib/http/with-user";
import { freezeApprovals, readFreeze, thawApprovals } from "@/lib/services/freeze-approvals";

/** The switch, for everyone signed in: every page shows a banner while approvals are frozen. */
export const GET = withUser(async ({ db }) => Response.json({ freeze: await readFreeze(db) }, { headers: { "cache-control": "no-store" } }));

// Length and content are the verb's to judge (it names the field); this only parses the transport.
const ZSwitch = z.discriminatedUnion("frozen", [z.object({ frozen: z.literal(true), message: z.string() }).strict(), z.object({ frozen: z.literal(false) }).strict()]);

/** `{ "frozen": true, "message": "…" }` freezes every approval; `{ "frozen": false }` lifts it. */
export const POST = withUser(async ({ request, service }) => {
  const body = await readJsonBody(request, ZSwitch);
  return Response.json({ freeze: body.frozen ? await freezeApprovals(service, body.message) : await thawApprovals(service) });
});

export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET", "POST");
