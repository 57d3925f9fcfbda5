import { z } from "zod";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { readJsonBody } from "@/lib/http/read-json-body";
import { withCliSignIn } from "@/lib/http/with-cli-sign-in";
import { startCliSignIn } from "@/lib/services/start-cli-sign-in";

const ZStart = z.object({ maxAgeSeconds: z.number().int().min(0).optional(), loginHint: z.email().max(254).optional() }).strict();

/** `npm run cli -- login`: a device code for the command line, and the user code the person types at the IdP. */
export const POST = withCliSignIn(async ({ request }) => {
  const body = await readJsonBody(request, ZStart);
  return Response.json(await startCliSignIn(body), { headers: { "cache-control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
