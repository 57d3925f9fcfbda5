import "server-only";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/config";
import { parseSlackInteraction } from "@/lib/domain/chat/slack-interaction";
import { SLACK_SIGNATURE_WINDOW_SECONDS, verifySlackSignature } from "@/lib/domain/chat/slack-signature";
import { log } from "@/lib/logging/logger";
import { runWithRequestId } from "@/lib/logging/request-context";
import { observeRoute } from "@/lib/observability/observe-route";
import { claimChatReplay } from "@/lib/services/claim-chat-replay";
import { describeErrorSafely } from "@/lib/services/describe-error";
import { handleSlackInteraction } from "@/lib/services/handle-slack-interaction";
import { MAX_BODY_BYTES, PayloadTooLargeError } from "./body-limit";
import { errorToProblem, problemResponse } from "./problem";
import { readBodyText } from "./read-json-body";
import { requestIdFor, withRequestId } from "./request-id";

/** Runs work after the response has gone: Next.js's `after()` in the app; tests pass their own. */
export type Defer = (task: () => Promise<void>) => void;

/**
 * POST /api/slack/interactions, Slack's interactivity request URL. The signature is the only way in
 * (no session, no CSRF token): X-Slack-Signature v0 over the raw body with SLACK_SIGNING_SECRET,
 * the timestamp within five minutes, compared in constant time, then the replay store refuses the
 * same signed request twice. Slack is acknowledged at once with an empty 200, well within its 3
 * seconds; the decision, the modal and the answer happen after (`defer`). Refusals are problem+json
 * and are logged without the body or the headers' values.
 */
export function slackInteractionsRoute(defer: Defer) {
  return observeRoute(async (request: Request): Promise<Response> => {
    const requestId = requestIdFor(request);
    return runWithRequestId(requestId, async () => {
      try {
        const { signingSecret } = getConfig().slack;
        if (!signingSecret) return problemResponse("NOT_FOUND", "Slack is not configured on this server.", requestId);
        if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw new PayloadTooLargeError();
        const body = await readBodyText(request);
        const now = new Date();
        const signature = request.headers.get("x-slack-signature");
        const verdict = verifySlackSignature({ secret: signingSecret, timestamp: request.headers.get("x-slack-request-timestamp"), signature, body, now });
        if (!verdict.ok) {
          log.warn("Refused a Slack request that failed verification", { requestId, reason: verdict.reason });
          const detail = verdict.reason === "stale" ? "The request's timestamp is more than five minutes from now." : "The request is not signed by Slack.";
          return problemResponse("UNAUTHENTICATED", detail, requestId);
        }
        const db = getDb();
        if (!(await claimChatReplay(db, "slack", signature!, now, SLACK_SIGNATURE_WINDOW_SECONDS * 1000))) {
          log.warn("Refused a replayed Slack request", { requestId });
          return problemResponse("CONFLICT", "This request was already received.", requestId);
        }
        if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get("content-type") ?? "")) {
          return problemResponse("VALIDATION", "Slack posts interactions as application/x-www-form-urlencoded.", requestId);
        }
        const interaction = parseSlackInteraction(new URLSearchParams(body));
        defer(() =>
          runWithRequestId(requestId, () =>
            handleSlackInteraction({ db, requestId, now: new Date() }, interaction).catch((error: unknown) =>
              log.error("A Slack interaction failed after it was acknowledged", { requestId, error: describeErrorSafely(error) }),
            ),
          ),
        );
        return withRequestId(new Response(null, { status: 200 }), requestId);
      } catch (error) {
        return errorToProblem(error, requestId);
      }
    });
  });
}
