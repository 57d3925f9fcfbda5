import "server-only";
import { getConfig } from "@/lib/config";
import type { SystemActor } from "@/lib/domain/actor";
import { ZTeamsActivity, type TeamsActivity } from "@/lib/domain/teams/inbound-activity";
import { verifyBotConnectorToken } from "@/lib/services/verify-bot-connector-token";
import { problemResponse } from "./problem";
import { readJsonBody } from "./read-json-body";
import { wrapRoute, type RouteCall } from "./wrap-route";

/** An activity the Bot Connector sent, its token checked. The route acts as the system until the activity's Teams user is resolved to a linked person. */
export type BotConnectorContext = RouteCall<SystemActor, never> & { activity: TeamsActivity };

const BOT: SystemActor = { kind: "system", id: "countersign" };

/**
 * Wraps the Teams messaging endpoint: shut (404) unless TEAMS_APP_ID is set; a 401 without a Bearer
 * token before the body is read; then the activity is parsed and its Bot Connector token verified
 * against it (lib/services/verify-bot-connector-token.ts). Nothing reaches the handler otherwise: the
 * token is the only way in (no session, no CSRF token).
 */
export function withBotConnector(handler: (ctx: BotConnectorContext) => Promise<Response>) {
  return wrapRoute<SystemActor, never>(
    async (request, requestId) => {
      if (!getConfig().teams) return problemResponse("NOT_FOUND", "Microsoft Teams is not configured here.", requestId);
      if (!/^Bearer\s/i.test(request.headers.get("authorization") ?? "")) return problemResponse("UNAUTHENTICATED", "Send the Bot Connector's token as Authorization: Bearer.", requestId);
      return BOT;
    },
    async (call) => {
      const teams = getConfig().teams!;
      const activity = await readJsonBody(call.request, ZTeamsActivity);
      await verifyBotConnectorToken(call.request.headers.get("authorization"), activity, { appId: teams.appId, openIdMetadataUrl: teams.openIdMetadataUrl }, call.service.now);
      return handler({ ...call, activity });
    },
  );
}
