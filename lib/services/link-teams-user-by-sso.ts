import "server-only";
import { and, eq } from "drizzle-orm";
import { accounts, users } from "@/db/schema";
import { getConfig } from "@/lib/config";
import type { ChatIdentity } from "@/lib/domain/actor";
import { ServiceError } from "./errors";
import { PROVIDER_ID } from "./finish-cli-sign-in";
import { linkChatIdentity } from "./link-chat-identity";
import { recordChatRefusal } from "./record-chat-refusal";
import { chatActorOf } from "./resolve-chat-actor";
import type { ServiceContext } from "./service-context";
import { verifyTeamsSsoToken } from "./verify-teams-sso-token";

/** What a retried invoke carried after the login request: Teams' token for the signed-in person. */
export type TeamsSsoAuthentication = { token: string; connectionName: string };
export type TeamsSsoLink = { ok: true } | { ok: false; message: string };

const SIGN_IN_AGAIN = "Sign in to Countersign to decide here.";

/**
 * Universal Actions' token exchange: links the clicking Teams user to the Countersign person whose
 * identity-provider subject the token names (the account row Auth.js keeps for their console
 * sign-ins), never by email, through the chat core's linking (`chat.linked`). A token that does not
 * verify, a person who never signed in to the console, or a Teams account already linked to someone
 * else: refused, recorded as `chat.refused` with the console's reason, and nothing is linked.
 */
export async function linkTeamsUserBySso(ctx: Omit<ServiceContext, "actor">, identity: ChatIdentity, authentication: TeamsSsoAuthentication, requestId: string): Promise<TeamsSsoLink> {
  const refuse = async (code: string, reason: string, message = SIGN_IN_AGAIN): Promise<TeamsSsoLink> => {
    await recordChatRefusal(ctx, identity, { requestId, code, reason });
    return { ok: false, message };
  };
  const sso = getConfig().teams?.sso;
  if (!sso || authentication.connectionName !== sso.connectionName) return refuse("SSO_TOKEN_INVALID", "The sign-in token names another connection.");
  const verdict = await verifyTeamsSsoToken(authentication.token, { aadObjectId: identity.externalUserId, tenantId: identity.workspace }, sso.resource);
  if (!verdict.ok) return refuse(verdict.code, verdict.reason);

  const [person] = await ctx.db
    .select({ id: users.id, email: users.email, name: users.name, groups: users.groups })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.userId))
    .where(and(eq(accounts.provider, PROVIDER_ID), eq(accounts.providerAccountId, verdict.identity.subject)));
  const actor = person ? chatActorOf(person, identity) : null;
  if (!actor) {
    return refuse("SSO_NO_ACCOUNT", "Nobody has signed in to the console as this token's subject.", "Sign in to Countersign once in your browser, then try again here.");
  }
  try {
    await ctx.db.transaction((tx) => linkChatIdentity(tx, identity, actor, { now: ctx.now, correlationId: ctx.requestId }));
  } catch (error) {
    if (error instanceof ServiceError && error.code === "CONFLICT") return refuse("LINKED_TO_ANOTHER", error.message, error.message);
    throw error;
  }
  return { ok: true };
}
