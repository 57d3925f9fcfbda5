import "server-only";
import { randomUUID } from "node:crypto";
import { getConfig } from "@/lib/config";
import type { ChatIdentity } from "@/lib/domain/actor";
import { isUuid } from "@/lib/domain/uuid";
import { ADAPTIVE_CARD_CONTENT_TYPE, refreshUserIdsOf, requestCard, TEAMS_VERBS, viewerFor, type CardViewer } from "@/lib/domain/teams/request-card";
import { tenantOf, ZCardAction, type TeamsActivity } from "@/lib/domain/teams/inbound-activity";
import { claimChatReplay } from "./claim-chat-replay";
import { decideFromChat } from "./decide-from-chat";
import { issueChatLink } from "./issue-chat-link";
import { linkTeamsUserBySso } from "./link-teams-user-by-sso";
import { readTeamsAudience } from "./read-teams-audience";
import type { ServiceContext } from "./service-context";

/** The body of an adaptiveCard/action invoke response (Universal Actions): a card, a login request, or an error. */
export type CardActionResponse = { statusCode: number; type: string; value: unknown };

const LOGIN_REQUEST = "application/vnd.microsoft.activity.loginRequest";
/**
 * How long an activity id is remembered: as long as the request carrying it could still verify (a
 * Bot Connector token lives an hour, plus the five minutes of skew), so a captured request replayed
 * with its own token is refused for as long as the token would pass.
 */
const REPLAY_WINDOW_MS = 65 * 60 * 1000;
const ERROR = "application/vnd.microsoft.error";

/**
 * An Action.Execute on a Countersign card (Universal Actions), from a verified activity:
 *
 * - the Teams user (Entra object id, tenant) must be linked to a Countersign person; an unlinked user
 *   gets the login request (401, an OAuthCard naming the console's resource for the token exchange,
 *   whose sign-in button opens the chat core's linking flow for clients that cannot exchange). A
 *   client that can retries the click with a token from the console's identity provider, which links
 *   them (linkTeamsUserBySso) before the click is carried on in the same invoke;
 * - `countersign.refresh` answers the user's own card: Approve and Reject only if canDecide allows them;
 * - `countersign.approve` / `countersign.reject` decide through decideFromChat (the console's path;
 *   the event records Teams as the channel), answering with the card as it now stands for them, a
 *   single-use console link where a recent sign-in is required, or the refusal in canDecide's words.
 *
 * An activity id is taken once (the replay store): a replayed invoke changes nothing.
 */
export async function answerTeamsCardAction(ctx: ServiceContext, activity: TeamsActivity): Promise<CardActionResponse> {
  const parsed = ZCardAction.safeParse(activity.value);
  const tenantId = tenantOf(activity);
  const aadObjectId = activity.from.aadObjectId;
  if (!parsed.success || !tenantId || !aadObjectId || !activity.id) return error(400, "BadRequest", "This card action is not one Countersign sent.");
  const { verb, data } = parsed.data.action;
  if (!isUuid(data.requestId)) return error(404, "NotFound", "No request has that id.");
  if (!(await claimChatReplay(ctx.db, "teams", `${activity.conversation.id} ${activity.id}`, ctx.now, REPLAY_WINDOW_MS))) {
    return error(409, "Conflict", "This action was already received.");
  }
  const identity: ChatIdentity = { provider: "teams", workspace: tenantId, externalUserId: aadObjectId };
  if (parsed.data.authentication) {
    const signedIn = await linkTeamsUserBySso(ctx, identity, parsed.data.authentication, data.requestId);
    if (!signedIn.ok) return loginRequest(await issueChatLink(ctx.db, identity, { purpose: "link" }, ctx.now), signedIn.message);
  }

  switch (verb) {
    case TEAMS_VERBS.refresh: {
      const card = await cardFor(ctx, identity, data.requestId);
      if (card) return card;
      // Teams refreshes automatically only for listed (linked) users; a manual refresh by anyone else is their way in.
      if (parsed.data.trigger === "automatic") return error(404, "NotFound", "No card for this user.");
      return loginRequest(await issueChatLink(ctx.db, identity, { purpose: "link" }, ctx.now));
    }
    case TEAMS_VERBS.approve:
    case TEAMS_VERBS.reject: {
      const decision = await decideFromChat(ctx, identity, data.requestId, verb === TEAMS_VERBS.approve ? "approve" : "reject", data.reason);
      switch (decision.kind) {
        case "link-account":
          return loginRequest(decision.url);
        case "decide-in-console":
          return (await cardFor(ctx, identity, data.requestId, { kind: "step-up", link: decision.url, notice: "This request needs a recent sign-in: decide in Countersign (the link works once, for 10 minutes)." })) ?? error(404, "NotFound", "No request has that id.");
        case "decided":
          return (await cardFor(ctx, identity, data.requestId, undefined, verb === TEAMS_VERBS.approve ? "You approved this request." : "You rejected this request.")) ?? error(404, "NotFound", "No request has that id.");
        case "refused":
          return (await cardFor(ctx, identity, data.requestId, undefined, decision.message)) ?? error(404, "NotFound", decision.message);
      }
    }
  }
  return error(400, "BadRequest", "This card action is not one Countersign sent.");
}

/**
 * The request's card as this linked person sees it now (null when they are not linked, or there is
 * no such request): their viewer from canDecide unless one is given, and the same refresh list the
 * shared card carries, so their client keeps refreshing it.
 */
async function cardFor(ctx: ServiceContext, identity: ChatIdentity, requestId: string, viewer?: CardViewer, notice?: string): Promise<CardActionResponse | null> {
  const audience = await readTeamsAudience(ctx.db, requestId, identity.workspace, ctx.now);
  const member = audience?.members.find((candidate) => candidate.aadObjectId === identity.externalUserId);
  if (!audience || !member) return null;
  const card = requestCard(audience.view, { viewer: viewer ?? viewerFor(member.verdict, notice), refreshUserIds: refreshUserIdsOf(audience.members) });
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
}

/**
 * Universal Actions' sign-in. With TEAMS_SSO_RESOURCE set, `tokenExchangeResource` asks the Teams
 * client to obtain a token for that resource silently and retry the click with it (its `id` is only
 * echoed back, so a fresh one each time); otherwise, or where the client cannot, Teams shows the
 * button, which opens the linking flow; once linked, the click carries the person's identity.
 */
function loginRequest(url: string, text = "Link your Teams account to Countersign to decide here."): CardActionResponse {
  const sso = getConfig().teams?.sso;
  return {
    statusCode: 401,
    type: LOGIN_REQUEST,
    value: {
      text,
      connectionName: sso?.connectionName ?? "countersign",
      ...(sso?.resource && { tokenExchangeResource: { id: randomUUID(), uri: sso.resource } }),
      buttons: [{ type: "signin", title: "Sign in to Countersign", text: "Sign in", value: url }],
    },
  };
}

function error(statusCode: number, code: string, message: string): CardActionResponse {
  return { statusCode, type: ERROR, value: { code, message } };
}
