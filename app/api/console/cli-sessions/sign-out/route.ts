import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { withUser } from "@/lib/http/with-user";
import { endCliSession } from "@/lib/services/end-cli-session";
import { ServiceError } from "@/lib/services/errors";
import { presentedCliSessionToken } from "@/lib/services/session-tokens";

/** `npm run cli -- logout`: ends the command-line session that calls it (a browser signs out through Auth.js). */
export const POST = withUser(async ({ request, db }) => {
  const token = presentedCliSessionToken(request);
  if (!token) throw new ServiceError("VALIDATION", "Only a command-line session signs out here; the console signs out from its menu.");
  await endCliSession(db, token);
  return new Response(null, { status: 204 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
