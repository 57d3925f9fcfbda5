import { z } from "zod";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { readJsonBody } from "@/lib/http/read-json-body";
import { withCliSignIn } from "@/lib/http/with-cli-sign-in";
import { finishCliSignIn } from "@/lib/services/finish-cli-sign-in";

const ZFinish = z.object({ deviceCode: z.string().min(1).max(512) }).strict();

/** The command line polls here with its device code: 202 until the person has signed in, then 201 with the session's credential. */
export const POST = withCliSignIn(async ({ request, service }) => {
  const { deviceCode } = await readJsonBody(request, ZFinish);
  const signIn = await finishCliSignIn(service, deviceCode);
  return Response.json(signIn, { status: signIn.status === "pending" ? 202 : 201, headers: { "cache-control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
