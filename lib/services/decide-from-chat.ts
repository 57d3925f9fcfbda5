import "server-only";
import { getConfig } from "@/lib/config";
import type { ChatIdentity } from "@/lib/domain/actor";
import { isUuid } from "@/lib/domain/uuid";
import { decideActionRequest, type DecisionResult } from "./decide-action-request";
import { ServiceError } from "./errors";
import { issueChatLink } from "./issue-chat-link";
import { recordChatRefusal } from "./record-chat-refusal";
import { resolveChatActor } from "./resolve-chat-actor";
import type { ServiceContext } from "./service-context";

export type ChatDecision =
  | { kind: "decided"; result: DecisionResult }
  /** The chat user is linked to nobody: a link to sign in by SSO and link them. */
  | { kind: "link-account"; url: string }
  /** The rule asks for a recent sign-in (or CHAT_ALWAYS_STEP_UP): a single-use link to decide in the console. */
  | { kind: "decide-in-console"; url: string }
  | { kind: "refused"; code: string; message: string };

/**
 * A click on Approve or Reject in a chat (Slack, Teams), after the provider's request was verified.
 * The chat identity must be linked (never matched by email); the person it is linked to then decides
 * through decideActionRequest, the console's own path: the same canDecide under the row lock, the
 * same events, a refusal recorded as `decision.refused`, and the actor's `via` saying which chat
 * account it came from. A click from an unlinked account is recorded as `chat.refused`.
 */
export async function decideFromChat(
  ctx: Omit<ServiceContext, "actor">,
  identity: ChatIdentity,
  actionRequestId: string,
  outcome: "approve" | "reject",
  reason?: string,
): Promise<ChatDecision> {
  // A button's value comes from the chat: anything but a request id is refused before any link is made for it.
  if (!isUuid(actionRequestId)) return { kind: "refused", code: "NOT_FOUND", message: "No request has that id." };
  const actor = await resolveChatActor(ctx.db, identity);
  if (!actor) {
    await recordChatRefusal(ctx, identity, { requestId: actionRequestId, outcome, code: "UNLINKED", reason: "This chat account is not linked to a Countersign identity." });
    return { kind: "link-account", url: await issueChatLink(ctx.db, identity, { purpose: "link" }, ctx.now) };
  }
  const toConsole = async (): Promise<ChatDecision> => ({ kind: "decide-in-console", url: await issueChatLink(ctx.db, identity, { purpose: "decide", requestId: actionRequestId }, ctx.now) });
  if (getConfig().chat.alwaysStepUp) return toConsole();
  try {
    return { kind: "decided", result: await decideActionRequest({ ...ctx, actor }, actionRequestId, outcome, reason) };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    if (error.code === "STEP_UP_REQUIRED") return toConsole();
    return { kind: "refused", code: error.code, message: error.message };
  }
}
