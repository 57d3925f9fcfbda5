import { z } from "zod";
import type { ChatIdentity } from "../actor";
import { SLACK_APPROVE, SLACK_REASON_ACTION, SLACK_REASON_BLOCK, SLACK_REJECT, SLACK_REJECT_VIEW } from "./slack-blocks";

/** What a verified Slack interaction asks of Countersign; anything else (the "Open" link button, other apps' actions) is `ignored`. */
export type SlackInteraction =
  | { kind: "approve" | "reject"; identity: ChatIdentity; requestId: string; responseUrl: string; triggerId: string }
  | { kind: "reject-reason"; identity: ChatIdentity; requestId: string; responseUrl: string | null; reason: string }
  | { kind: "ignored" };

/** What the reject modal carries from the click to its submission: the request, and where to answer. */
const ZRejectModalMetadata = z.object({ requestId: z.string().max(100), responseUrl: z.string().max(2000) });

const ZUser = z.looseObject({ id: z.string().min(1).max(64), team_id: z.string().max(64).optional() });
const ZTeam = z.looseObject({ id: z.string().min(1).max(64) }).nullable().optional();

const ZBlockActions = z.looseObject({
  type: z.literal("block_actions"),
  team: ZTeam,
  user: ZUser,
  trigger_id: z.string().max(200),
  response_url: z.string().max(2000),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().max(100).optional() })).min(1),
});

const ZViewSubmission = z.looseObject({
  type: z.literal("view_submission"),
  team: ZTeam,
  user: ZUser,
  view: z.looseObject({
    callback_id: z.string(),
    private_metadata: z.string().max(3000),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.looseObject({ value: z.string().nullable().optional() }))) }),
  }),
});

const ZPayload = z.discriminatedUnion("type", [ZBlockActions, ZViewSubmission]);

/**
 * Reads the `payload` field of a verified interaction (a form body, as Slack posts it). Throws a
 * ZodError (a 400) for a payload that is not a shape Slack sends; anything well-formed but not ours
 * is `ignored`. The chat identity is the user and their own team (an Enterprise Grid org-wide app
 * sees users of several).
 */
export function parseSlackInteraction(form: URLSearchParams): SlackInteraction {
  const text = form.get("payload");
  if (text === null) throw new z.ZodError([{ code: "custom", path: ["payload"], message: "The form has no payload.", input: null }]);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new z.ZodError([{ code: "custom", path: ["payload"], message: "The payload is not JSON.", input: null }]);
  }
  return readSlackPayload(json);
}

/**
 * Reads an interaction payload already parsed from JSON: the form's `payload` field over HTTP, or a
 * Socket Mode envelope's `payload`, which Slack sends as an object. Same rules as parseSlackInteraction.
 */
export function readSlackPayload(json: unknown): SlackInteraction {
  const types = ["block_actions", "view_submission"];
  if (!(typeof json === "object" && json !== null && types.includes((json as { type?: unknown }).type as string))) return { kind: "ignored" };
  const payload = ZPayload.parse(json);
  const workspace = payload.user.team_id ?? payload.team?.id;
  if (!workspace) throw new z.ZodError([{ code: "custom", path: ["team"], message: "The payload names no team.", input: null }]);
  const identity: ChatIdentity = { provider: "slack", workspace, externalUserId: payload.user.id };
  if (payload.type === "block_actions") {
    const action = payload.actions.find((candidate) => candidate.action_id === SLACK_APPROVE || candidate.action_id === SLACK_REJECT);
    if (!action?.value) return { kind: "ignored" };
    return { kind: action.action_id === SLACK_APPROVE ? "approve" : "reject", identity, requestId: action.value, responseUrl: payload.response_url, triggerId: payload.trigger_id };
  }
  if (payload.view.callback_id !== SLACK_REJECT_VIEW) return { kind: "ignored" };
  let metadata: unknown;
  try {
    metadata = JSON.parse(payload.view.private_metadata);
  } catch {
    metadata = null;
  }
  const { requestId, responseUrl } = ZRejectModalMetadata.parse(metadata);
  const reason = payload.view.state.values[SLACK_REASON_BLOCK]?.[SLACK_REASON_ACTION]?.value ?? "";
  return { kind: "reject-reason", identity, requestId, responseUrl: responseUrl || null, reason };
}
